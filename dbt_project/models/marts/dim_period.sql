with

periods_observed as (

    select * from {{ ref('int_fiscal_periods_observed') }}

),

year_range as (

    select
        min(fiscal_year_start) as first_start_year,
        max(fiscal_year_start) as last_start_year

    from periods_observed

),

fiscal_years as (

    -- every financial year from the first to the last one a fact names, so a
    -- year without figures still shows as a gap rather than going missing
    select
        cast(start_year.generate_series as integer) as fiscal_year_start,
        cast(null as integer) as fiscal_quarter

    from year_range
    cross join generate_series(
        year_range.first_start_year, year_range.last_start_year
    ) as start_year

),

fiscal_quarters as (

    select distinct
        fiscal_year_start,
        fiscal_quarter

    from periods_observed
    where fiscal_quarter between 1 and 4

),

periods as (

    select * from fiscal_years
    union all
    select * from fiscal_quarters

),

dated as (

    -- a UK financial year runs 1 April to 31 March; quarter 1 is April to June
    select
        fiscal_year_start,
        fiscal_quarter,
        {{ fiscal_year_label('fiscal_year_start') }} as fiscal_year,
        case
            when fiscal_quarter is null
                then make_date(fiscal_year_start, 4, 1)
            else
                cast(
                    make_date(fiscal_year_start, 4, 1)
                    + to_months(3 * (fiscal_quarter - 1)) as date
                )
        end as start_date,
        case
            when fiscal_quarter is null then 'fiscal_year'
            else 'fiscal_quarter'
        end as period_type

    from periods

),

named as (

    select
        *,
        cast(
            start_date
            + case
                when fiscal_quarter is null then to_months(12)
                else to_months(3)
            end
            - to_days(1) as date
        ) as end_date,
        case
            when fiscal_quarter is null then fiscal_year
            else fiscal_year || ' Q' || fiscal_quarter
        end as period_id

    from dated

),

final as (

    select
        named.period_id,
        named.period_type,
        named.fiscal_year,
        named.fiscal_quarter,
        named.start_date,
        named.end_date,
        named.fiscal_year_start,
        coalesce(periods_observed.mention_count, 0) as mention_count

    from named
    left join periods_observed
        on
            named.fiscal_year_start = periods_observed.fiscal_year_start
            and named.fiscal_quarter is not distinct from
            periods_observed.fiscal_quarter

)

select * from final
