{#
    The fact tables are incremental by report. Before a run (pre_hook) the rows of every
    report whose file is gone, whose content changed or whose content was read again
    (a new `extracted_at`) are deleted; the model then selects only the reports that
    have no rows left in the table. Reports whose bytes did not change are neither
    read again nor rewritten. `key` is `report_id` (one file) or `sha256` (one content).
    A change to the dbt project itself rebuilds everything (`--full-refresh`, decided
    by the Dagster asset from the project's fingerprint).
#}
{% macro delete_changed_reports(key) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as loaded
        where not exists (
            select 1
            from {{ ref('int_report_files_current') }} as current_files
            where
                current_files.{{ key }} = loaded.{{ key }}
                and current_files.sha256 = loaded.sha256
                and current_files.extracted_at = loaded.extracted_at
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{# A filter on `column`: only reports (or contents) with no rows in the table yet. #}
{% macro not_loaded_yet(column, key) -%}
    {%- if is_incremental() -%}
        {{ column }} not in (select loaded.{{ key }} from {{ this }} as loaded)
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
