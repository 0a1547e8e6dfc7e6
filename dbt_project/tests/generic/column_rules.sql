{#
    The column rules of one model, checked in one query: columns that must not be null,
    columns (or combinations of columns, as a list) whose values must be unique, columns limited to a list of values, columns
    that must match a pattern (DuckDB / RE2, whole value), and columns that must name a
    row of another model. Each failing row says which rule and column failed, the
    offending value (null for a null) and how many rows hold it.

    One node per model instead of one per column keeps a refresh short: every node is a
    dbt query and two Dagster events (docs/scaling.md). The model is read once
    (a materialized CTE), which matters for the intermediate views.

        - column_rules:
            name: column_rules_fct_kpi
            arguments:
              not_null: [fact_id, report_id]
              unique: [fact_id, [sha256, fact_key]]
              accepted_values: {unit: [gbp, percent], fiscal_quarter: [1, 2, 3, 4]}
              patterns: {fiscal_year: '\d{4}/\d{2}'}
              references:
                - {column: report_id, to: "ref('dim_report')", field: report_id}
#}
{% test column_rules(model, not_null=[], unique=[], accepted_values={}, patterns={}, references=[]) %}

{%- set branches = [] -%}
{%- for column in not_null -%}
    {%- do branches.append(
        "select 'not_null' as rule, '" ~ column ~ "' as column_name, null::varchar as value, count(*) as failing_rows"
        ~ " from checked where " ~ column ~ " is null"
    ) -%}
{%- endfor -%}
{%- for key in unique -%}
    {%- if key is string -%}
        {%- do branches.append(
            "select 'unique', '" ~ key ~ "', " ~ key ~ "::varchar, count(*)"
            ~ " from checked where " ~ key ~ " is not null group by " ~ key ~ " having count(*) > 1"
        ) -%}
    {%- else -%}
        {%- do branches.append(
            "select 'unique', '" ~ key | join(", ") ~ "', concat_ws(' | ', " ~ key | join(", ") ~ "), count(*)"
            ~ " from checked group by " ~ key | join(", ") ~ " having count(*) > 1"
        ) -%}
    {%- endif -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- if value is boolean -%}
            {%- do literals.append('true' if value else 'false') -%}
        {%- elif value is number -%}
            {%- do literals.append(value | string) -%}
        {%- else -%}
            {%- do literals.append("'" ~ (value | replace("'", "''")) ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do branches.append(
        "select 'accepted_values', '" ~ column ~ "', " ~ column ~ "::varchar, count(*)"
        ~ " from checked where " ~ column ~ " is not null and " ~ column ~ " not in (" ~ literals | join(", ") ~ ")"
        ~ " group by " ~ column
    ) -%}
{%- endfor -%}
{%- for column, pattern in patterns.items() -%}
    {%- do branches.append(
        "select 'matches_pattern', '" ~ column ~ "', " ~ column ~ "::varchar, count(*)"
        ~ " from checked where " ~ column ~ " is not null and not regexp_full_match(" ~ column ~ ", '" ~ pattern ~ "')"
        ~ " group by " ~ column
    ) -%}
{%- endfor -%}
{%- for reference in references -%}
    {%- do branches.append(
        "select 'references " ~ (reference.to.identifier or reference.to) ~ "." ~ reference.field ~ "', '" ~ reference.column ~ "', "
        ~ "checked." ~ reference.column ~ "::varchar, count(*)"
        ~ " from checked anti join " ~ reference.to ~ " as parent on checked." ~ reference.column ~ " = parent." ~ reference.field
        ~ " where checked." ~ reference.column ~ " is not null group by checked." ~ reference.column
    ) -%}
{%- endfor -%}

{%- if not branches -%}
    {%- do branches.append("select null::varchar, null::varchar, null::varchar, 0 from checked") -%}
{%- endif %}

with checked as materialized (
    select * from {{ model }}
),

failures as (
    {{ branches | join("\n    union all\n    ") }}
)

select *
from failures
where failing_rows > 0

{% endtest %}
