{#
    Rows whose column is not null and does not match a regular expression
    (DuckDB / RE2 syntax, whole value).
#}
{% test matches_pattern(model, column_name, pattern) %}

select *
from {{ model }}
where
    {{ column_name }} is not null
    and not regexp_full_match({{ column_name }}, '{{ pattern }}')

{% endtest %}
