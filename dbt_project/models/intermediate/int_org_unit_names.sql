with

org_units as (

    select * from {{ ref('org_units') }}

),

names_listed as (

    -- every way a unit is written: its name, abbreviation, aliases (pipe-
    -- separated in the vocabulary file shared with the extractor) and id
    select
        org_unit_id,
        name as spelling,
        'name' as matched_on,
        1 as precedence
    from org_units
    union all
    select
        org_unit_id,
        abbreviation as spelling,
        'abbreviation' as matched_on,
        2 as precedence
    from org_units
    union all
    select
        org_unit_id,
        unnest(string_split(aliases, '|')) as spelling,
        'alias' as matched_on,
        3 as precedence
    from org_units
    union all
    select
        org_unit_id,
        org_unit_id as spelling,
        'org_unit_id' as matched_on,
        4 as precedence
    from org_units

),

names_keyed as (

    select
        {{ normalise_name('spelling') }} as name_key,
        org_unit_id,
        spelling,
        matched_on,
        precedence

    from names_listed
    where {{ normalise_name('spelling') }} is not null

),

names_resolved as (

    -- a spelling shared by two units resolves to the one it names most
    -- directly (name before abbreviation before alias); the count of
    -- candidates keeps the ambiguity visible
    select
        name_key,
        org_unit_id,
        spelling,
        matched_on,
        count(distinct org_unit_id) over (
            partition by name_key
        ) as candidate_count

    from names_keyed
    qualify row_number() over (
        partition by name_key
        order by precedence asc, org_unit_id asc
    ) = 1

)

select * from names_resolved
