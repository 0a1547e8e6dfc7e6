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
        grades.*

    from grades
    inner join current_files
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
        grades_reported.fact_key

    from grades_reported
    left join fact_spans
        on
            grades_reported.sha256 = fact_spans.sha256
            and grades_reported.fact_key = fact_spans.fact_key

)

select * from final
