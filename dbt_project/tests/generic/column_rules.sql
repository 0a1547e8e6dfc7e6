{#
    The column rules of one model, checked in one query: columns that must not be null,
    columns (or combinations of columns, as a list) whose values must be unique, columns
    limited to a list of values, columns that must match a pattern (DuckDB / RE2, whole
    value), columns that must name a row of another model, named boolean expressions
    that every row must make true (a null fails), and the columns (with a type family:
    text, integer, numeric, date, boolean or any) the relation must have. Each failing
    row says which rule and column (or expression) failed, the offending value (null for
    a null, the actual type for a column of the wrong type) and how many rows hold it.

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
              expressions:
                span_is_ordered: "char_start >= 0 and char_end > char_start"
              contract:
                - {name: fact_id, type: text}
#}
{% test column_rules(
    model, not_null=[], unique=[], accepted_values={}, patterns={}, references=[], expressions={}, contract=[]
) %}

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
{%- for name, expression in expressions.items() -%}
    {%- do branches.append(
        "select 'expression', '" ~ name ~ "', null::varchar, count(*)"
        ~ " from checked where not coalesce((" ~ expression ~ "), false)"
    ) -%}
{%- endfor -%}
{%- if contract -%}
    {#- whether the column exists with a type of the expected family -#}
    {%- set type_matches -%}
        coalesce(case
            when actual.data_type is null then false
            when expected.type_family = 'any' then true
            when expected.type_family = 'text' then actual.data_type = 'VARCHAR'
            when expected.type_family = 'integer'
                then actual.data_type in ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT')
            when expected.type_family = 'numeric'
                then actual.data_type like 'DECIMAL%' or actual.data_type in ('DOUBLE', 'FLOAT')
            when expected.type_family = 'date' then actual.data_type = 'DATE'
            when expected.type_family = 'boolean' then actual.data_type = 'BOOLEAN'
            else false
        end, false)
    {%- endset -%}
    {%- set expected = [] -%}
    {%- for column in contract -%}
        {%- do expected.append("('" ~ column.name ~ "', '" ~ column.type | default('any') ~ "')") -%}
    {%- endfor -%}
    {%- do branches.append(
        "select 'contract ' || expected.type_family, expected.column_name, actual.data_type, 1"
        ~ " from (values " ~ expected | join(", ") ~ ") as expected (column_name, type_family)"
        ~ " left join information_schema.columns as actual"
        ~ " on actual.table_catalog = '" ~ model.database ~ "' and actual.table_schema = '" ~ model.schema ~ "'"
        ~ " and actual.table_name = '" ~ model.identifier ~ "' and actual.column_name = expected.column_name"
        ~ " where not " ~ type_matches
    ) -%}
{%- endif -%}

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

