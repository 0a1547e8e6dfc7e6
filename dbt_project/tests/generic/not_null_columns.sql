{#
    Rows in which any of the given columns is null, each with the names of its null
    columns. One query for what would otherwise be one not_null test per column: a
    refresh runs one node per model instead of one per column (docs/scaling.md).
#}
{% test not_null_columns(model, columns) %}

select
    concat_ws(
        ', ',
        {%- for column in columns %}
        case when {{ column }} is null then '{{ column }}' end{{ "," if not loop.last }}
        {%- endfor %}
    ) as null_columns,
    *
from {{ model }}
where
    {%- for column in columns %}
    {{ "or " if not loop.first }}{{ column }} is null
    {%- endfor %}

{% endtest %}
