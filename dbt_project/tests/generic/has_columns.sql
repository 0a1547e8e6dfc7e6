{#
    Columns of the published contract (DESIGN.md) that the relation lacks, or has
    with a type of the wrong family: text, integer, numeric, date, boolean.
#}
{% test has_columns(model, columns) %}

with

expected as (

    select
        expected_column.column_name,
        expected_column.type_family
    from (
        values
        {%- for column in columns %}
            ('{{ column.name }}', '{{ column.type | default("any") }}')
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    ) as expected_column (column_name, type_family)

),

actual as (

    select
        column_name,
        data_type
    from information_schema.columns
    where
        table_catalog = '{{ model.database }}'
        and table_schema = '{{ model.schema }}'
        and table_name = '{{ model.identifier }}'

),

compared as (

    select
        expected.column_name,
        expected.type_family,
        actual.data_type,
        case
            when actual.data_type is null then false
            when expected.type_family = 'any' then true
            when expected.type_family = 'text'
                then actual.data_type = 'VARCHAR'
            when expected.type_family = 'integer'
                then actual.data_type in (
                    'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'
                )
            when expected.type_family = 'numeric'
                then
                    actual.data_type like 'DECIMAL%'
                    or actual.data_type in ('DOUBLE', 'FLOAT')
            when expected.type_family = 'date'
                then actual.data_type = 'DATE'
            when expected.type_family = 'boolean'
                then actual.data_type = 'BOOLEAN'
            else false
        end as is_as_expected
    from expected
    left join actual
        on expected.column_name = actual.column_name

)

select * from compared
where not is_as_expected

{% endtest %}
