with

budgets as (

    select * from {{ ref('int_budgets_scaled_to_pounds') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

fact_spans as (

    select * from {{ ref('int_fact_spans_located') }}

),

org_unit_names as (

    select * from {{ ref('int_org_unit_names') }}

),

budgets_reported as (

    -- a fact read from some content belongs to every current file with it
    select
        {{ fact_id(
            'current_files.report_id',
            'budgets.char_start',
            'budgets.char_end',
            'budgets.measure',
            'budgets.fact_key'
        ) }} as fact_id,
        current_files.report_id,
        current_files.source_file,
        budgets.*,
        case
            when budgets.fiscal_year_start is not null
                then budgets.fiscal_year
        end as period_id

    from budgets
    inner join current_files
        on budgets.sha256 = current_files.sha256

),

final as (

    select
        ---------- contract
        budgets_reported.fact_id,
        budgets_reported.report_id,
        budgets_reported.source_file,
        budgets_reported.scope,
        budgets_reported.fiscal_year,
        budgets_reported.measure,
        budgets_reported.amount,
        budgets_reported.unit,
        budgets_reported.char_start,
        budgets_reported.char_end,
        budgets_reported.source_text,

        ---------- extras
        budgets_reported.period,
        budgets_reported.amount_gbp_millions,
        budgets_reported.tier,
        fact_spans.page,
        fact_spans.section,
        org_unit_names.org_unit_id,
        budgets_reported.period_id,
        budgets_reported.fact_key

    from budgets_reported
    left join fact_spans
        on
            budgets_reported.sha256 = fact_spans.sha256
            and budgets_reported.fact_key = fact_spans.fact_key
    left join org_unit_names
        on
            {{ normalise_name('budgets_reported.scope') }}
            = org_unit_names.name_key

)

select * from final
