//! `trainyard export-csv PLAN -o OUT.csv [--conflicts] [--excel]`.

use trainyard_core::check;
use trainyard_report::{conflicts_csv, deployments_csv, with_excel_bom};

use crate::args::{ExportCsvArgs, Format};
use crate::files;
use crate::output::Out;

pub fn run(a: &ExportCsvArgs, out: &mut Out) -> u8 {
    if let Err(code) = super::output_is_not_the_plan("export-csv", &a.plan, &a.output) {
        return code;
    }
    let plan = match super::plan(&a.plan, Format::Text, out) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let text = if a.conflicts {
        conflicts_csv(&plan, &check(&plan))
    } else {
        deployments_csv(&plan)
    };
    let bytes = if a.excel {
        with_excel_bom(&text)
    } else {
        text.into_bytes()
    };
    files::write_output("export-csv", &a.output, &bytes, out)
}
