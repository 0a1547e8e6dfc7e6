with

kpis as (

    select * from {{ ref('stg_extraction__kpis') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

current_contents as (

    select distinct sha256 from current_files

),

current_kpis as (

    -- superseded content stays in raw as history; only content on disk goes on
    select kpis.*
    from kpis
    inner join current_contents
        on kpis.sha256 = current_contents.sha256

),

deduplicated as (

    -- the extractor writes one row per key and document; a key written twice
    -- (a load that appended instead of replacing) still counts once
    select * from current_kpis
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
        scope,
        indicator,
        period,
        fiscal_year as fiscal_year_as_written,
        unit,
        trend,
        tier,
        source_text,
        extractor_version,

        ---------- numerics
        target_value,
        actual_value,
        baseline_value,
        change_value,
        char_start,
        char_end,

        ---------- booleans
        is_restated,

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
        scope,
        indicator,
        period,
        fiscal_year,
        fiscal_year_start,
        fiscal_year_as_written,
        target_value,
        actual_value,
        baseline_value,
        change_value,
        unit,
        trend,
        tier,
        is_restated,
        char_start,
        char_end,
        source_text,
        extractor_version

    from fiscal_years_labelled

)

select * from final
