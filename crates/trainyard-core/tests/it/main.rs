mod demo;
mod engine_props;
mod examples;
mod gen;
mod graph_and_risk;
mod limits;
mod rrule_dateutil;
mod validation;
