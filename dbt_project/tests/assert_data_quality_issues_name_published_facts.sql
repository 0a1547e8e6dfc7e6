-- A failure means a data-quality warning points at a fact that is not in the
-- marts (or at a fact of another report), so a reader could not find it.

-- Shown in Dagster as a check on data_quality_issues (the test reads several
-- models).
{{ config(
    meta={'dagster': {'ref': {'name': 'data_quality_issues'}}}
) }}

with

issues as (

    select * from {{ ref('data_quality_issues') }}

),

kpis as (

    select * from {{ ref('fct_kpi') }}

),

grades as (

    select * from {{ ref('fct_grade') }}

),

budgets as (

    select * from {{ ref('fct_budget') }}

),

published as (

    select
        fact_id,
        report_id
    from kpis
    union all
    select
        fact_id,
        report_id
    from grades
    union all
    select
        fact_id,
        report_id
    from budgets

),

issue_facts as (

    select
        issue_id,
        check_name,
        report_id,
        unnest(fact_ids) as fact_id

    from issues

),

checked as (

    select
        issue_facts.issue_id,
        issue_facts.check_name,
        issue_facts.fact_id,
        published.fact_id is not null as is_published

    from issue_facts
    left join published
        on
            issue_facts.fact_id = published.fact_id
            and issue_facts.report_id = published.report_id

)

select * from checked
where not is_published
