mod demo;
mod engine_props;
mod examples;
mod far_future;
mod gen;
mod graph_and_risk;
mod rrule_dateutil;
mod validation;
