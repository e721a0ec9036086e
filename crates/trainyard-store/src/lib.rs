//! SQLite persistence of Trainyard plans.
