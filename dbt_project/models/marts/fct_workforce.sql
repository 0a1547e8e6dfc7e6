with

workforce as (

    select * from {{ ref('int_workforce_periods_parsed') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

fact_spans as (

    select * from {{ ref('int_fact_spans_located') }}

),

org_unit_names as (

    select * from {{ ref('int_org_unit_names') }}

),

workforce_reported as (

    -- a fact read from some content belongs to every current file with it
    select
        {{ fact_id(
            'current_files.report_id',
            'workforce.char_start',
            'workforce.char_end',
            'workforce.measure',
            'workforce.fact_key'
        ) }} as fact_id,
        current_files.report_id,
        current_files.source_file,
        workforce.*

    from workforce
    inner join current_files
        on workforce.sha256 = current_files.sha256

),

final as (

    select
        ---------- contract
        workforce_reported.fact_id,
        workforce_reported.report_id,
        workforce_reported.source_file,
        workforce_reported.scope,
        workforce_reported.as_of,
        workforce_reported.measure,
        workforce_reported.figure_value as value,
        workforce_reported.unit,
        workforce_reported.figure_kind as kind,
        workforce_reported.char_start,
        workforce_reported.char_end,
        workforce_reported.source_text,

        ---------- extras
        workforce_reported.as_of_month,
        workforce_reported.as_of_fiscal_year,
        workforce_reported.tier,
        fact_spans.page,
        fact_spans.section,
        org_unit_names.org_unit_id,
        workforce_reported.as_of_fiscal_year as period_id,
        workforce_reported.fact_key

    from workforce_reported
    left join fact_spans
        on
            workforce_reported.sha256 = fact_spans.sha256
            and workforce_reported.fact_key = fact_spans.fact_key
    left join org_unit_names
        on
            {{ normalise_name('workforce_reported.scope') }}
            = org_unit_names.name_key

)

select * from final
