{#
    Consistency checks across figures. Every row is a warning for a reader to
    look at: no figure is hidden, changed or filtered because of it.
#}

{% set forces = var('forces_in_england_and_wales') %}
{% set rate_tolerance = var('rate_tolerance_points') %}
{% set amount_tolerance = var('amount_relative_tolerance') %}

with

kpis as (

    select * from {{ ref('fct_kpi') }}

),

grades as (

    select * from {{ ref('fct_grade') }}

),

budgets as (

    select * from {{ ref('fct_budget') }}

),

-------------------------------------------------------------- stated changes

kpi_changes as (

    -- "up from 84% to 90%, a rise of 6 points": the change should be the
    -- actual less the baseline, within the rounding of the printed figures
    select
        report_id,
        source_file,
        fact_id,
        indicator,
        unit,
        baseline_value,
        actual_value,
        change_value,
        actual_value - baseline_value as difference,
        {{ rounding_slack('baseline_value') }}
        + {{ rounding_slack('actual_value') }}
        + {{ rounding_slack('change_value') }} as slack,
        -- a percent change of a percent figure may be relative instead:
        -- (actual / baseline - 1) * 100, bounded by the rounding of both
        case
            when
                baseline_value > {{ rounding_slack('baseline_value') }}
                then
                    (
                        (actual_value - {{ rounding_slack('actual_value') }})
                        / (
                            baseline_value
                            + {{ rounding_slack('baseline_value') }}
                        )
                        - 1
                    )
                    * 100
        end as relative_change_low,
        case
            when
                baseline_value > {{ rounding_slack('baseline_value') }}
                then
                    (
                        (actual_value + {{ rounding_slack('actual_value') }})
                        / (
                            baseline_value
                            - {{ rounding_slack('baseline_value') }}
                        )
                        - 1
                    )
                    * 100
        end as relative_change_high

    from kpis
    where
        baseline_value is not null
        and actual_value is not null
        and change_value is not null
        and unit in (
            'count', 'hours', 'days', 'percent', 'percentage_points', 'rate'
        )

),

change_issues as (

    select
        'kpi_change_vs_baseline_and_actual' as check_name,
        report_id,
        source_file,
        [fact_id] as fact_ids,
        cast(change_value as double) as stated_value,
        cast(difference as double) as derived_value,
        format(
            'KPI "{}": stated change {} ({}) but actual {} less baseline {} '
            || 'is {}',
            indicator,
            change_value,
            unit,
            actual_value,
            baseline_value,
            difference
        ) as description

    from kpi_changes
    where
        abs(difference - change_value) > slack
        and not coalesce(
            unit = 'percent'
            and change_value + {{ rounding_slack('change_value') }}
            >= relative_change_low
            and change_value - {{ rounding_slack('change_value') }}
            <= relative_change_high,
            false
        )

),

------------------------------------------------- national grade distributions

distribution_issues as (

    -- a national grade distribution counts every force once
    select
        'grade_national_distribution_total' as check_name,
        report_id,
        source_file,
        [fact_id] as fact_ids,
        cast({{ forces }} as double) as stated_value,
        cast(nat_total as double) as derived_value,
        format(
            'Grade "{}" ({}): national distribution {} poor, {} fair, {} '
            || 'good, {} excellent sums to {}, not {} forces',
            area,
            coalesce(area_code, 'no code'),
            coalesce(nat_poor, 0),
            coalesce(nat_fair, 0),
            coalesce(nat_good, 0),
            coalesce(nat_excellent, 0),
            nat_total,
            {{ forces }}
        ) as description

    from grades
    where has_national_distribution and nat_total != {{ forces }}

),

----------------------------------------------- summary grades against sections

summary_grades as (

    -- the Summary of Judgements table: a grade with no distribution beside it
    select * from grades
    where
        not has_national_distribution
        and (area_code is not null or direction_of_travel is not null)

),

section_grades as (

    -- each area's own section carries the national distribution
    select * from grades
    where has_national_distribution

),

summary_section_pairs as (

    select
        summary_grades.report_id,
        summary_grades.source_file,
        summary_grades.fact_id as summary_fact_id,
        section_grades.fact_id as section_fact_id,
        summary_grades.area,
        summary_grades.grade as summary_grade,
        section_grades.grade as section_grade,
        summary_grades.direction_of_travel as summary_direction,
        section_grades.direction_of_travel as section_direction,
        coalesce(summary_grades.area_code, section_grades.area_code)
            as area_code

    from summary_grades
    inner join section_grades
        on
            summary_grades.report_id = section_grades.report_id
            and summary_grades.framework
            is not distinct from section_grades.framework
            and (
                summary_grades.area_code = section_grades.area_code
                or (
                    (
                        summary_grades.area_code is null
                        or section_grades.area_code is null
                    )
                    and {{ normalise_name('summary_grades.area') }}
                    = {{ normalise_name('section_grades.area') }}
                )
            )

),

summary_grade_issues as (

    select
        'grade_summary_vs_section' as check_name,
        report_id,
        source_file,
        [summary_fact_id, section_fact_id] as fact_ids,
        cast(null as double) as stated_value,
        cast(null as double) as derived_value,
        format(
            'Area {} "{}": summary table grades it {}, its section {}',
            coalesce(area_code, ''),
            area,
            summary_grade,
            section_grade
        ) as description

    from summary_section_pairs
    where lower(summary_grade) != lower(section_grade)

),

summary_direction_issues as (

    select
        'grade_direction_summary_vs_section' as check_name,
        report_id,
        source_file,
        [summary_fact_id, section_fact_id] as fact_ids,
        cast(null as double) as stated_value,
        cast(null as double) as derived_value,
        format(
            'Area {} "{}": summary table gives direction {}, its section {}',
            coalesce(area_code, ''),
            area,
            summary_direction,
            section_direction
        ) as description

    from summary_section_pairs
    where lower(summary_direction) != lower(section_direction)

),

---------------------------------------------- budget rows against growth rates

budget_amounts as (

    select
        *,
        {{ fiscal_year_start('fiscal_year') }} as fiscal_year_start

    from budgets
    where
        unit = 'gbp'
        and measure in ('budget', 'net_revenue_expenditure', 'expenditure')

),

budget_row_growth as (

    -- consecutive years in one table row ("Main guidance 2,595.0 2,640.4
    -- 2,673.4 2,706.8") give a growth rate per year
    select
        later.report_id,
        later.source_file,
        later.scope,
        later.fiscal_year_start,
        earlier.fact_id as earlier_fact_id,
        later.fact_id as later_fact_id,
        (later.amount / earlier.amount - 1) * 100 as growth_percent

    from budget_amounts as later
    inner join budget_amounts as earlier
        on
            later.report_id = earlier.report_id
            and later.char_start = earlier.char_start
            and later.char_end = earlier.char_end
            and later.measure = earlier.measure
            and later.scope is not distinct from earlier.scope
            and later.fiscal_year_start = earlier.fiscal_year_start + 1
    where earlier.amount > 0

),

stated_growth_rates as (

    -- "annual increase of 1.25% in 2010/11 and 2011/12"
    select
        report_id,
        fact_id,
        scope,
        fiscal_year,
        amount as rate,
        {{ fiscal_year_start('fiscal_year') }} as fiscal_year_start

    from budgets
    where
        unit = 'percent'
        and measure in ('budget', 'net_revenue_expenditure', 'expenditure')
        and regexp_matches(
            lower(source_text), 'increas|\brise|rising|grow|uplift|\+'
        )

),

growth_comparisons as (

    -- a rate stated for a year is read as growth into that year or, as in
    -- "1.75% over the 2008/09 amount", growth over that year's amount
    select
        stated_growth_rates.report_id,
        budget_row_growth.source_file,
        stated_growth_rates.fact_id as rate_fact_id,
        stated_growth_rates.fiscal_year,
        stated_growth_rates.rate,
        budget_row_growth.earlier_fact_id,
        budget_row_growth.later_fact_id,
        budget_row_growth.growth_percent,
        abs(budget_row_growth.growth_percent - stated_growth_rates.rate)
        <= {{ rate_tolerance }}
        + {{ rounding_slack('stated_growth_rates.rate') }} as is_match

    from stated_growth_rates
    inner join budget_row_growth
        on
            stated_growth_rates.report_id = budget_row_growth.report_id
            and stated_growth_rates.scope
            is not distinct from budget_row_growth.scope
            and budget_row_growth.fiscal_year_start in (
                stated_growth_rates.fiscal_year_start,
                stated_growth_rates.fiscal_year_start + 1
            )

),

growth_verdicts as (

    select
        report_id,
        source_file,
        rate_fact_id,
        fiscal_year,
        rate,
        bool_or(is_match) as has_match,
        list(distinct earlier_fact_id) || list(distinct later_fact_id)
            as row_fact_ids,
        string_agg(
            distinct cast(round(growth_percent, 2) as varchar), ', '
            order by cast(round(growth_percent, 2) as varchar)
        ) as growth_rates

    from growth_comparisons
    group by 1, 2, 3, 4, 5

),

growth_issues as (

    select
        'budget_rows_vs_stated_growth_rate' as check_name,
        report_id,
        source_file,
        [rate_fact_id] || list_distinct(row_fact_ids) as fact_ids,
        cast(rate as double) as stated_value,
        cast(null as double) as derived_value,
        format(
            'Stated budget growth of {}% for {} matches none of the growth '
            || 'rates of the budget table rows of the report ({}%)',
            rate,
            fiscal_year,
            growth_rates
        ) as description

    from growth_verdicts
    where not has_match

),

------------------------------------------ budget = expenditure less income

money_by_scope_year as (

    select
        report_id,
        source_file,
        fact_id,
        scope,
        fiscal_year,
        measure,
        amount

    from budgets
    where unit = 'gbp'

),

budget_balances as (

    -- "£261 million ... This comprises £405m expenditure and £144m income"
    select
        net.report_id,
        net.source_file,
        net.scope,
        net.fiscal_year,
        net.fact_id as budget_fact_id,
        spent.fact_id as expenditure_fact_id,
        earned.fact_id as income_fact_id,
        net.amount as budget_amount,
        spent.amount - earned.amount as derived_amount,
        abs(net.amount - (spent.amount - earned.amount))
        <= {{ amount_tolerance }} * greatest(abs(net.amount), abs(spent.amount))
            as is_match

    from money_by_scope_year as net
    inner join money_by_scope_year as spent
        on
            net.report_id = spent.report_id
            and net.scope is not distinct from spent.scope
            and net.fiscal_year is not distinct from spent.fiscal_year
            and spent.measure = 'expenditure'
    inner join money_by_scope_year as earned
        on
            net.report_id = earned.report_id
            and net.scope is not distinct from earned.scope
            and net.fiscal_year is not distinct from earned.fiscal_year
            and earned.measure = 'income'
    where net.measure in ('budget', 'net_revenue_expenditure')

),

balance_verdicts as (

    -- one issue per report, scope and year when no combination adds up
    select
        report_id,
        source_file,
        scope,
        fiscal_year,
        bool_or(is_match) as has_match,
        list(distinct budget_fact_id)
        || list(distinct expenditure_fact_id)
        || list(distinct income_fact_id) as fact_ids,
        min(budget_amount) as budget_amount,
        min(derived_amount) as derived_amount

    from budget_balances
    group by 1, 2, 3, 4

),

balance_issues as (

    select
        'budget_vs_expenditure_less_income' as check_name,
        report_id,
        source_file,
        list_distinct(fact_ids) as fact_ids,
        cast(budget_amount as double) as stated_value,
        cast(derived_amount as double) as derived_value,
        format(
            'Budget of {} for {} ({}) is not expenditure less income '
            || '(e.g. {}) for any combination of the stated figures',
            coalesce(scope, 'unknown scope'),
            coalesce(fiscal_year, 'no year'),
            budget_amount,
            derived_amount
        ) as description

    from balance_verdicts
    where not has_match

),

-------------------------------------------------------------------- together

issues as (

    select * from change_issues
    union all
    select * from distribution_issues
    union all
    select * from summary_grade_issues
    union all
    select * from summary_direction_issues
    union all
    select * from growth_issues
    union all
    select * from balance_issues

),

final as (

    select
        {{ surrogate_key([
            'check_name',
            'report_id',
            "array_to_string(list_sort(fact_ids), ',')"
        ]) }} as issue_id,
        check_name,
        'warn' as severity,
        report_id,
        source_file,
        list_sort(fact_ids) as fact_ids,
        stated_value,
        derived_value,
        description

    from issues

)

select * from final
