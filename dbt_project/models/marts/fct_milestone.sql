with

milestones as (

    select * from {{ ref('int_milestones_periods_parsed') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

fact_spans as (

    select * from {{ ref('int_fact_spans_located') }}

),

milestones_reported as (

    -- a fact read from some content belongs to every current file with it
    select
        {{ fact_id(
            'current_files.report_id',
            'milestones.char_start',
            'milestones.char_end',
            'milestones.milestone',
            'milestones.fact_key'
        ) }} as fact_id,
        current_files.report_id,
        current_files.source_file,
        milestones.*,
        case
            when
                milestones.fiscal_year_start is not null
                and milestones.fiscal_quarter between 1 and 4
                then
                    milestones.fiscal_year
                    || ' Q'
                    || milestones.fiscal_quarter
            when milestones.fiscal_year_start is not null
                then milestones.fiscal_year
        end as period_id

    from milestones
    inner join current_files
        on milestones.sha256 = current_files.sha256

),

final as (

    select
        ---------- contract
        milestones_reported.fact_id,
        milestones_reported.report_id,
        milestones_reported.source_file,
        milestones_reported.period,
        milestones_reported.milestone,
        milestones_reported.status,
        milestones_reported.char_start,
        milestones_reported.char_end,
        milestones_reported.source_text,

        ---------- extras
        milestones_reported.fiscal_year,
        milestones_reported.fiscal_quarter,
        fact_spans.page,
        fact_spans.section,
        milestones_reported.period_id,
        milestones_reported.fact_key

    from milestones_reported
    left join fact_spans
        on
            milestones_reported.sha256 = fact_spans.sha256
            and milestones_reported.fact_key = fact_spans.fact_key

)

select * from final
