with

grades as (

    select * from {{ ref('stg_extraction__grades') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

current_contents as (

    select distinct sha256 from current_files

),

current_grades as (

    -- superseded content stays in raw as history; only content on disk goes on
    select grades.*
    from grades
    inner join current_contents
        on grades.sha256 = current_contents.sha256

),

deduplicated as (

    select * from current_grades
    qualify row_number() over (
        partition by sha256, fact_key
        order by extractor_version desc
    ) = 1

),

national_totals as (

    select
        *,
        coalesce(nat_poor, nat_fair, nat_good, nat_excellent)
        is not null as has_national_distribution

    from deduplicated

),

totals_summed as (

    select
        *,
        case
            when has_national_distribution
                then
                    coalesce(nat_poor, 0)
                    + coalesce(nat_fair, 0)
                    + coalesce(nat_good, 0)
                    + coalesce(nat_excellent, 0)
        end as nat_total

    from national_totals

),

final as (

    select
        sha256,
        fact_key,
        framework,
        area_code,
        area,
        grade,
        direction_of_travel,
        nat_poor,
        nat_fair,
        nat_good,
        nat_excellent,
        nat_total,
        has_national_distribution,
        tier,
        char_start,
        char_end,
        source_text,
        extractor_version

    from totals_summed

)

select * from final
