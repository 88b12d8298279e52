use super::*;

#[test]
fn shipped_figures_read() {
    let source = crate::base::diag::Source::new(BUILTIN_ORIGIN, BUILTIN_COSTS);
    let (data, warnings) = CostData::parse(source, None).expect("shipped figures read");
    assert!(warnings.is_empty());
    assert_eq!(data.figures().len(), FIGURE_IDS.len());
}
