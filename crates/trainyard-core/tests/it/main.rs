mod engine_props;
mod examples;
mod gen;
mod rrule_dateutil;
