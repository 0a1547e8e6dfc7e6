with

budgets as (

    select * from {{ ref('stg_extraction__budgets') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

current_contents as (

    select distinct sha256 from current_files

),

current_budgets as (

    -- superseded content stays in raw as history; only content on disk goes on
    select budgets.*
    from budgets
    inner join current_contents
        on budgets.sha256 = current_contents.sha256

),

deduplicated as (

    select * from current_budgets
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
        period,
        fiscal_year as fiscal_year_as_written,
        measure,
        unit,
        tier,
        source_text,
        extractor_version,

        ---------- numerics
        amount,
        char_start,
        char_end,

        ---------- periods
        {{ fiscal_year_start('fiscal_year') }} as fiscal_year_start

    from deduplicated

),

scaled as (

    -- the extractor already reads `£382m` and the cells of a table headed `£m`
    -- as pounds; here money is typed to whole pence and kept apart from shares
    -- of a budget (`12% of the overall MPS budget`), which are unit percent
    select
        *,
        coalesce(
            {{ fiscal_year_label('fiscal_year_start') }},
            fiscal_year_as_written
        ) as fiscal_year,
        case
            when unit = 'gbp' then cast(round(amount, 2) as decimal(20, 2))
        end as amount_gbp,
        case
            when unit = 'gbp' then cast(amount / 1000000 as decimal(20, 6))
        end as amount_gbp_millions,
        case when unit = 'percent' then amount end as amount_percent

    from periods_parsed

),

final as (

    select
        sha256,
        fact_key,
        scope,
        period,
        fiscal_year,
        fiscal_year_start,
        fiscal_year_as_written,
        measure,
        amount,
        unit,
        amount_gbp,
        amount_gbp_millions,
        amount_percent,
        tier,
        char_start,
        char_end,
        source_text,
        extractor_version

    from scaled

)

select * from final
