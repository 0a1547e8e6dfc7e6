{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_changed_reports('report_id') }}"
    )
}}

with

grades as (

    select * from {{ ref('int_grades_deduplicated') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

fact_spans as (

    select * from {{ ref('int_fact_spans_located') }}

),

current_files_to_load as (

    -- on an incremental run, only the reports with no rows in the table yet
    select * from current_files
    where {{ not_loaded_yet('current_files.report_id', 'report_id') }}

),

grades_reported as (

    -- a fact read from some content belongs to every current file with it
    select
        {{ fact_id(
            'current_files.report_id',
            'grades.char_start',
            'grades.char_end',
            'grades.area',
            'grades.fact_key'
        ) }} as fact_id,
        current_files.report_id,
        current_files.source_file,
        current_files.extracted_at,
        grades.*

    from grades
    inner join current_files_to_load as current_files
        on grades.sha256 = current_files.sha256

),

final as (

    select
        ---------- contract
        grades_reported.fact_id,
        grades_reported.report_id,
        grades_reported.source_file,
        grades_reported.framework,
        grades_reported.area_code,
        grades_reported.area,
        grades_reported.grade,
        grades_reported.direction_of_travel,
        grades_reported.nat_poor,
        grades_reported.nat_fair,
        grades_reported.nat_good,
        grades_reported.nat_excellent,
        grades_reported.char_start,
        grades_reported.char_end,
        grades_reported.source_text,

        ---------- extras
        grades_reported.tier,
        grades_reported.nat_total,
        grades_reported.has_national_distribution,
        fact_spans.page,
        fact_spans.section,
        grades_reported.fact_key,
        grades_reported.sha256,
        grades_reported.extracted_at

    from grades_reported
    left join fact_spans
        on
            grades_reported.sha256 = fact_spans.sha256
            and grades_reported.fact_key = fact_spans.fact_key

)

select * from final
