{#
    Schemas are named verbatim (`staging`, `intermediate`, `marts`, `seeds`): the
    published contract says `marts.fct_kpi`, not `main_marts.fct_kpi`.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
