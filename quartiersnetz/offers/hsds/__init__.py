"""Open Referral HSDS import and export: HSDS 1.1 tabular data packages and HSDS 3.0 JSON.

- `schema`: the tables and fields we read and write, with the rules of the specification (required fields, types,
  enumerations, references between tables) and our `x_` extension columns.
- `reader`: reads a package (folder, zip or JSON), validates it completely and returns a `Package` with every
  problem (file, row, field, message); nothing is written here.
- `importer`: plans and writes the import of a valid package into one Quartier (match on stored HSDS ids, so a
  re-import updates and never duplicates).
- `exporter`: writes the catalogue of a Quartier as HSDS 1.1 (folder or zip) or HSDS 3.0 JSON.
"""
