namespace Haven.Storage.Sqlite;

/// <summary>
/// The SQLite schema as ordered migrations. Version n is reached by running scripts 1..n; the version in
/// force is kept in <c>schema_version</c>. Geometry is WKB (WGS 84); bounding boxes sit in R*Tree tables.
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE scenario (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL, synthetic INTEGER NOT NULL, description TEXT NOT NULL,
            seed TEXT NOT NULL, projected_epsg INTEGER NOT NULL, event_date TEXT NOT NULL, source TEXT NOT NULL);
        CREATE TABLE areas (
            pcode TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ar TEXT NOT NULL, level INTEGER NOT NULL,
            parent TEXT, geom BLOB NOT NULL, source TEXT NOT NULL);
        CREATE TABLE blocks (
            number INTEGER PRIMARY KEY, pcode TEXT NOT NULL REFERENCES areas(pcode),
            geom BLOB NOT NULL, source TEXT NOT NULL);
        CREATE TABLE buildings (
            id INTEGER PRIMARY KEY, block INTEGER NOT NULL REFERENCES blocks(number),
            pcode TEXT NOT NULL REFERENCES areas(pcode), area_m2 REAL NOT NULL, geom BLOB NOT NULL, source TEXT NOT NULL);
        CREATE VIRTUAL TABLE buildings_rtree USING rtree(id, min_x, max_x, min_y, max_y);
        CREATE TABLE sites (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, name_en TEXT NOT NULL, name_ar TEXT NOT NULL,
            status TEXT NOT NULL, status_since TEXT NOT NULL, geom BLOB NOT NULL, source TEXT NOT NULL);
        CREATE TABLE zones (
            id TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, name_en TEXT NOT NULL, name_ar TEXT NOT NULL,
            valid_from TEXT NOT NULL, valid_to TEXT, geom BLOB NOT NULL, source TEXT NOT NULL,
            PRIMARY KEY (id, version));
        CREATE TABLE orders (
            id TEXT PRIMARY KEY, issued_at TEXT NOT NULL, effective_from TEXT NOT NULL, lifted_on TEXT,
            status_en TEXT NOT NULL, status_ar TEXT NOT NULL, source TEXT NOT NULL);
        CREATE TABLE order_blocks (
            order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE, block INTEGER NOT NULL,
            PRIMARY KEY (order_id, block));
        CREATE TABLE population (
            pcode TEXT NOT NULL REFERENCES areas(pcode), date TEXT NOT NULL, residents INTEGER NOT NULL,
            displaced INTEGER NOT NULL, source TEXT NOT NULL, PRIMARY KEY (pcode, date));
        """,
        """
        CREATE TABLE assessments (
            id TEXT PRIMARY KEY, created_at TEXT NOT NULL, method TEXT NOT NULL, event_date TEXT NOT NULL,
            inference_dates TEXT NOT NULL, summary_json TEXT NOT NULL);
        CREATE TABLE assessment_buildings (
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE, inference TEXT NOT NULL,
            building_id INTEGER NOT NULL, score REAL, damaged INTEGER NOT NULL, coverage REAL NOT NULL, flags TEXT NOT NULL,
            PRIMARY KEY (assessment_id, inference, building_id));
        CREATE TABLE assessment_areas (
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE, inference TEXT NOT NULL,
            code TEXT NOT NULL, name TEXT NOT NULL, structures INTEGER NOT NULL, scored INTEGER NOT NULL, damaged INTEGER NOT NULL,
            share REAL, lower_95 REAL, upper_95 REAL, method TEXT NOT NULL, PRIMARY KEY (assessment_id, inference, code));
        """,
        // 3: real layers. Blocks may be imported before the areas they lie in (pcode nullable; the table is
        // rebuilt, as SQLite cannot relax a NOT NULL); orders can declare blocks safe; named places; each
        // site's earlier states; the publication ledger.
        """
        CREATE TABLE blocks_new (
            number INTEGER PRIMARY KEY, pcode TEXT REFERENCES areas(pcode), geom BLOB NOT NULL, source TEXT NOT NULL);
        INSERT INTO blocks_new (number, pcode, geom, source) SELECT number, pcode, geom, source FROM blocks;
        DROP TABLE blocks;
        ALTER TABLE blocks_new RENAME TO blocks;
        ALTER TABLE orders ADD COLUMN declares_safe INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE places (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, name_en TEXT NOT NULL, name_ar TEXT NOT NULL, geom BLOB NOT NULL, source TEXT NOT NULL);
        CREATE TABLE site_history (
            site_id TEXT NOT NULL, recorded_at TEXT NOT NULL, kind TEXT NOT NULL, name_en TEXT NOT NULL, name_ar TEXT NOT NULL,
            status TEXT NOT NULL, status_since TEXT NOT NULL, source TEXT NOT NULL);
        CREATE INDEX site_history_site ON site_history (site_id);
        CREATE TABLE publications (
            seq INTEGER PRIMARY KEY, published_at TEXT NOT NULL, content TEXT NOT NULL, sha256 TEXT NOT NULL,
            previous TEXT NOT NULL, signature TEXT NOT NULL, public_key TEXT NOT NULL);
        """,
        // 4: API keys (salted hashes only) and the audit log of writes.
        """
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, salt TEXT NOT NULL, hash TEXT NOT NULL,
            created_at TEXT NOT NULL, revoked_at TEXT);
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,
            before_sha256 TEXT, after_sha256 TEXT, detail TEXT NOT NULL);
        """,
        """
        CREATE TABLE planning_tables (kind TEXT PRIMARY KEY, csv TEXT NOT NULL, sha256 TEXT NOT NULL);
        """,
        // 6: building ids kept as given (text: OSM "way/123", plus codes); the integer key stays for the R*Tree.
        // SQLite cannot change a column's type, so the scores table is rebuilt with its ids as text.
        """
        ALTER TABLE buildings ADD COLUMN ref TEXT;
        UPDATE buildings SET ref = CAST(id AS TEXT);
        CREATE UNIQUE INDEX buildings_ref ON buildings (ref);
        CREATE TABLE assessment_buildings_new (
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE, inference TEXT NOT NULL,
            building_id TEXT NOT NULL, score REAL, damaged INTEGER NOT NULL, coverage REAL NOT NULL, flags TEXT NOT NULL,
            PRIMARY KEY (assessment_id, inference, building_id));
        INSERT INTO assessment_buildings_new SELECT assessment_id, inference, CAST(building_id AS TEXT), score, damaged, coverage, flags FROM assessment_buildings;
        DROP TABLE assessment_buildings;
        ALTER TABLE assessment_buildings_new RENAME TO assessment_buildings;
        """,
        // 7: damage-site layers (UNOSAT), each site with its class on each date it was read ("YYYY-MM-DD:class,...").
        """
        CREATE TABLE damage_site_layers (
            id TEXT PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL, imported_at TEXT NOT NULL, dates TEXT NOT NULL);
        CREATE TABLE damage_sites (
            layer_id TEXT NOT NULL REFERENCES damage_site_layers(id) ON DELETE CASCADE, site INTEGER NOT NULL,
            classes TEXT NOT NULL, geom BLOB NOT NULL, PRIMARY KEY (layer_id, site));
        """,
        // 8: other editions of the block map ("2025"), keyed "edition/number", and the edition an order's block numbers belong to.
        """
        CREATE TABLE block_editions (
            key TEXT PRIMARY KEY, edition TEXT NOT NULL, number INTEGER NOT NULL, pcode TEXT, geom BLOB NOT NULL, source TEXT NOT NULL);
        ALTER TABLE orders ADD COLUMN edition TEXT NOT NULL DEFAULT '';
        """,
    ];

    /// <summary>Tables cleared before a scenario import, children first.</summary>
    public static readonly IReadOnlyList<string> ScenarioTables =
        ["planning_tables", "order_blocks", "orders", "population", "zones", "site_history", "sites", "places", "buildings_rtree", "buildings", "block_editions", "blocks", "areas", "scenario"];
}
