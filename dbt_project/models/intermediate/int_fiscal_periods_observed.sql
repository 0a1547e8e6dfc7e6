with

kpis as (

    select * from {{ ref('int_kpis_deduplicated') }}

),

budgets as (

    select * from {{ ref('int_budgets_scaled_to_pounds') }}

),

workforce as (

    select * from {{ ref('int_workforce_periods_parsed') }}

),

milestones as (

    select * from {{ ref('int_milestones_periods_parsed') }}

),

periods_mentioned as (

    select
        fiscal_year_start,
        cast(null as integer) as fiscal_quarter
    from kpis
    union all
    select
        fiscal_year_start,
        cast(null as integer) as fiscal_quarter
    from budgets
    union all
    select
        as_of_fiscal_year_start as fiscal_year_start,
        cast(null as integer) as fiscal_quarter
    from workforce
    union all
    select
        fiscal_year_start,
        fiscal_quarter
    from milestones

),

periods_observed as (

    select
        fiscal_year_start,
        fiscal_quarter,
        count(*) as mention_count

    from periods_mentioned
    where fiscal_year_start is not null
    group by 1, 2

)

select * from periods_observed
