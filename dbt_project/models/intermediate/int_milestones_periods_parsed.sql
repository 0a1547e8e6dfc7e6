with

milestones as (

    select * from {{ ref('stg_extraction__milestones') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

current_contents as (

    select distinct sha256 from current_files

),

current_milestones as (

    -- superseded content stays in raw as history; only content on disk goes on
    select milestones.*
    from milestones
    inner join current_contents
        on milestones.sha256 = current_contents.sha256

),

deduplicated as (

    select * from current_milestones
    qualify row_number() over (
        partition by sha256, fact_key
        order by extractor_version desc
    ) = 1

),

periods_parsed as (

    select
        ---------- ids
        sha256,
        fact_key,

        ---------- strings
        period,
        fiscal_year as fiscal_year_as_written,
        milestone,
        status,
        source_text,
        extractor_version,

        ---------- numerics
        fiscal_quarter,
        char_start,
        char_end,

        ---------- periods
        {{ fiscal_year_start('fiscal_year') }} as fiscal_year_start

    from deduplicated

),

fiscal_years_labelled as (

    select
        *,
        coalesce(
            {{ fiscal_year_label('fiscal_year_start') }},
            fiscal_year_as_written
        ) as fiscal_year

    from periods_parsed

),

final as (

    select
        sha256,
        fact_key,
        period,
        fiscal_year,
        fiscal_year_start,
        fiscal_year_as_written,
        fiscal_quarter,
        milestone,
        status,
        char_start,
        char_end,
        source_text,
        extractor_version

    from fiscal_years_labelled

)

select * from final
