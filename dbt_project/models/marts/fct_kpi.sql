with

kpis as (

    select * from {{ ref('int_kpis_target_assessed') }}

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

kpis_reported as (

    -- a fact read from some content belongs to every current file with it
    select
        {{ fact_id(
            'current_files.report_id',
            'kpis.char_start',
            'kpis.char_end',
            'kpis.indicator',
            'kpis.fact_key'
        ) }} as fact_id,
        current_files.report_id,
        current_files.source_file,
        kpis.scope,
        kpis.indicator,
        kpis.period,
        kpis.fiscal_year,
        kpis.target_value,
        kpis.actual_value,
        kpis.baseline_value,
        kpis.change_value,
        kpis.unit,
        kpis.trend,
        kpis.target_met,
        kpis.char_start,
        kpis.char_end,
        kpis.source_text,
        kpis.tier,
        kpis.is_restated,
        kpis.is_reduction_target,
        kpis.indicator_id,
        kpis.fact_key,
        kpis.sha256,
        case
            when kpis.fiscal_year_start is not null then kpis.fiscal_year
        end as period_id

    from kpis
    inner join current_files
        on kpis.sha256 = current_files.sha256

),

final as (

    select
        ---------- contract
        kpis_reported.fact_id,
        kpis_reported.report_id,
        kpis_reported.source_file,
        kpis_reported.scope,
        kpis_reported.indicator,
        kpis_reported.period,
        kpis_reported.fiscal_year,
        kpis_reported.target_value,
        kpis_reported.actual_value,
        kpis_reported.baseline_value,
        kpis_reported.change_value,
        kpis_reported.unit,
        kpis_reported.trend,
        kpis_reported.target_met,
        kpis_reported.char_start,
        kpis_reported.char_end,
        kpis_reported.source_text,

        ---------- extras
        kpis_reported.tier,
        kpis_reported.is_restated,
        kpis_reported.is_reduction_target,
        fact_spans.page,
        fact_spans.section,
        kpis_reported.indicator_id,
        org_unit_names.org_unit_id,
        kpis_reported.period_id,
        kpis_reported.fact_key

    from kpis_reported
    left join fact_spans
        on
            kpis_reported.sha256 = fact_spans.sha256
            and kpis_reported.fact_key = fact_spans.fact_key
    left join org_unit_names
        on {{ normalise_name('kpis_reported.scope') }} = org_unit_names.name_key

)

select * from final
