with

org_units as (

    select * from {{ ref('org_units') }}

),

org_unit_names as (

    select * from {{ ref('int_org_unit_names') }}

),

spellings_counted as (

    select
        org_unit_id,
        count(*) as spelling_count

    from org_unit_names
    group by 1

),

final as (

    select
        org_units.org_unit_id,
        org_units.name,
        org_units.abbreviation,
        org_units.kind,
        org_units.parent_id,
        parents.name as parent_name,
        org_units.aliases,
        coalesce(spellings_counted.spelling_count, 0) as spelling_count

    from org_units
    left join org_units as parents
        on org_units.parent_id = parents.org_unit_id
    left join spellings_counted
        on org_units.org_unit_id = spellings_counted.org_unit_id

)

select * from final
