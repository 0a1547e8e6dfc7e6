{#
    A report is a file of the raw directory: its id is a hash of the file name only,
    so it stays the same when the file's content is replaced.
#}
{% macro report_id(source_file) -%}
    {{ surrogate_key([source_file]) }}
{%- endmacro %}
