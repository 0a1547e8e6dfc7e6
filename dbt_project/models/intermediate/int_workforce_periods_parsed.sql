with

workforce as (

    select * from {{ ref('stg_extraction__workforce') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

current_contents as (

    select distinct sha256 from current_files

),

current_workforce as (

    -- superseded content stays in raw as history; only content on disk goes on
    select workforce.*
    from workforce
    inner join current_contents
        on workforce.sha256 = current_contents.sha256

),

deduplicated as (

    select * from current_workforce
    qualify row_number() over (
        partition by sha256, fact_key
        order by extractor_version desc
    ) = 1

),

as_of_read as (

    -- `as_of` is the date as written: "At the end of March 2008", "2007/08",
    -- "April to December 2005". A financial year written out wins; otherwise
    -- the last month-and-year mentioned dates the figure.
    select
        *,
        regexp_extract(
            as_of, '\d{4}\s*[/-]\s*(\d{4}|\d{1,2})\b', 0
        ) as as_of_fiscal_year_text,
        regexp_extract_all(
            lower(as_of),
            '\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?'
            || '\s+\d{4}\b',
            0
        )[-1] as as_of_month_text

    from deduplicated

),

months_numbered as (

    select
        *,
        cast(
            regexp_extract(as_of_month_text, '(\d{4})$', 1) as integer
        ) as as_of_calendar_year,
        list_position(
            [
                'jan', 'feb', 'mar', 'apr', 'may', 'jun',
                'jul', 'aug', 'sep', 'oct', 'nov', 'dec'
            ],
            left(as_of_month_text, 3)
        ) as as_of_month_number

    from as_of_read

),

dated as (

    select
        *,
        make_date(
            as_of_calendar_year, as_of_month_number, 1
        ) as as_of_month,
        coalesce(
            {{ fiscal_year_start('as_of_fiscal_year_text') }},
            case
                when as_of_month_number >= 4 then as_of_calendar_year
                else as_of_calendar_year - 1
            end
        ) as as_of_fiscal_year_start

    from months_numbered

),

fiscal_years_labelled as (

    select
        *,
        {{ fiscal_year_label('as_of_fiscal_year_start') }} as as_of_fiscal_year

    from dated

),

final as (

    select
        sha256,
        fact_key,
        scope,
        as_of,
        as_of_month,
        as_of_fiscal_year,
        as_of_fiscal_year_start,
        measure,
        figure_value,
        unit,
        figure_kind,
        tier,
        char_start,
        char_end,
        source_text,
        extractor_version

    from fiscal_years_labelled

)

select * from final
