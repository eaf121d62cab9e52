"""`planctl import`: from a plan document (.txt/.md, .docx, .html) to a plan.yaml a person reviews.

The pipeline, one module each: `reading` (bytes → numbered lines, refusing hostile input) →
`outline` (lines → a tree of items) → `windows`/`quotas`/`who` (phrases → windows, quotas, groups,
each guess with a note) → `ids` → `yamlout` (a commented plan.yaml) and the `Report` of sentences
that became nothing. Domain code only: nothing here prints or exits.
"""
