namespace Haven.Storage.Postgis;

/// <summary>
/// The PostgreSQL schema as ordered migrations, with the same tables and columns as the SQLite one but native
/// types: <c>date</c>, <c>timestamptz</c>, <c>boolean</c> and PostGIS geometry (WGS 84) with GiST indexes.
/// Version n is reached by running scripts 1..n; the version in force is kept in <c>schema_version</c>.
/// </summary>
internal static class PostgisSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE scenario (
            id integer PRIMARY KEY CHECK (id = 1), name text NOT NULL, synthetic boolean NOT NULL, description text NOT NULL,
            seed text NOT NULL, projected_epsg integer NOT NULL, event_date date NOT NULL, source text NOT NULL);
        CREATE TABLE areas (
            pcode text PRIMARY KEY, name_en text NOT NULL, name_ar text NOT NULL, level integer NOT NULL,
            parent text, geom geometry(Geometry, 4326) NOT NULL, source text NOT NULL);
        CREATE INDEX areas_geom ON areas USING gist (geom);
        CREATE TABLE blocks (
            number integer PRIMARY KEY, pcode text REFERENCES areas(pcode), geom geometry(Geometry, 4326) NOT NULL, source text NOT NULL);
        CREATE INDEX blocks_geom ON blocks USING gist (geom);
        CREATE TABLE buildings (
            id bigint PRIMARY KEY, block integer NOT NULL REFERENCES blocks(number), pcode text NOT NULL REFERENCES areas(pcode),
            area_m2 double precision NOT NULL, geom geometry(Geometry, 4326) NOT NULL, source text NOT NULL);
        CREATE INDEX buildings_geom ON buildings USING gist (geom);
        CREATE TABLE sites (
            id text PRIMARY KEY, kind text NOT NULL, name_en text NOT NULL, name_ar text NOT NULL,
            status text NOT NULL, status_since date NOT NULL, geom geometry(Geometry, 4326) NOT NULL, source text NOT NULL);
        CREATE INDEX sites_geom ON sites USING gist (geom);
        CREATE TABLE zones (
            id text NOT NULL, version integer NOT NULL, kind text NOT NULL, name_en text NOT NULL, name_ar text NOT NULL,
            valid_from date NOT NULL, valid_to date, geom geometry(Geometry, 4326) NOT NULL, source text NOT NULL,
            PRIMARY KEY (id, version));
        CREATE INDEX zones_geom ON zones USING gist (geom);
        CREATE TABLE orders (
            id text PRIMARY KEY, issued_at timestamptz NOT NULL, effective_from date NOT NULL, lifted_on date,
            status_en text NOT NULL, status_ar text NOT NULL, source text NOT NULL, declares_safe boolean NOT NULL DEFAULT false);
        CREATE TABLE order_blocks (
            order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE, block integer NOT NULL, PRIMARY KEY (order_id, block));
        CREATE TABLE population (
            pcode text NOT NULL REFERENCES areas(pcode), date date NOT NULL, residents integer NOT NULL,
            displaced integer NOT NULL, source text NOT NULL, PRIMARY KEY (pcode, date));
        CREATE TABLE places (
            id text PRIMARY KEY, kind text NOT NULL, name_en text NOT NULL, name_ar text NOT NULL,
            geom geometry(Point, 4326) NOT NULL, source text NOT NULL);
        CREATE INDEX places_geom ON places USING gist (geom);
        CREATE TABLE site_history (
            site_id text NOT NULL, recorded_at timestamptz NOT NULL, kind text NOT NULL, name_en text NOT NULL, name_ar text NOT NULL,
            status text NOT NULL, status_since date NOT NULL, source text NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY);
        CREATE INDEX site_history_site ON site_history (site_id);
        CREATE TABLE publications (
            seq bigint PRIMARY KEY, published_at timestamptz NOT NULL, content text NOT NULL, sha256 text NOT NULL,
            previous text NOT NULL, signature text NOT NULL, public_key text NOT NULL);
        CREATE TABLE assessments (
            id text PRIMARY KEY, created_at timestamptz NOT NULL, method text NOT NULL, event_date date NOT NULL,
            inference_dates text NOT NULL, summary_json text NOT NULL);
        CREATE TABLE assessment_buildings (
            assessment_id text NOT NULL REFERENCES assessments(id) ON DELETE CASCADE, inference date NOT NULL,
            building_id bigint NOT NULL, score double precision, damaged boolean NOT NULL, coverage double precision NOT NULL, flags text NOT NULL,
            PRIMARY KEY (assessment_id, inference, building_id));
        CREATE TABLE assessment_areas (
            assessment_id text NOT NULL REFERENCES assessments(id) ON DELETE CASCADE, inference date NOT NULL,
            code text NOT NULL, name text NOT NULL, structures integer NOT NULL, scored integer NOT NULL, damaged integer NOT NULL,
            share double precision, lower_95 double precision, upper_95 double precision, method text NOT NULL,
            PRIMARY KEY (assessment_id, inference, code));
        """,
        """
        CREATE TABLE api_keys (
            id text PRIMARY KEY, name text NOT NULL, role text NOT NULL, salt text NOT NULL, hash text NOT NULL,
            created_at timestamptz NOT NULL, revoked_at timestamptz);
        CREATE TABLE audit_log (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL,
            target text NOT NULL, before_sha256 text, after_sha256 text, detail text NOT NULL);
        """,
        """
        CREATE TABLE planning_tables (kind text PRIMARY KEY, csv text NOT NULL, sha256 text NOT NULL);
        """,
        // 6: building ids kept as given (text: OSM "way/123", plus codes); the integer key stays for the index.
        """
        ALTER TABLE buildings ADD COLUMN ref text;
        UPDATE buildings SET ref = id::text;
        ALTER TABLE buildings ALTER COLUMN ref SET NOT NULL;
        CREATE UNIQUE INDEX buildings_ref ON buildings (ref);
        ALTER TABLE assessment_buildings ALTER COLUMN building_id TYPE text USING building_id::text;
        """,
        // 7: damage-site layers (UNOSAT), each site with its class on each date it was read ("YYYY-MM-DD:class,...").
        """
        CREATE TABLE damage_site_layers (
            id text PRIMARY KEY, file text NOT NULL, sha256 text NOT NULL, imported_at timestamptz NOT NULL, dates text NOT NULL);
        CREATE TABLE damage_sites (
            layer_id text NOT NULL REFERENCES damage_site_layers(id) ON DELETE CASCADE, site integer NOT NULL,
            classes text NOT NULL, geom geometry(Geometry, 4326) NOT NULL, PRIMARY KEY (layer_id, site));
        CREATE INDEX damage_sites_geom ON damage_sites USING gist (geom);
        """,
        // 8: other editions of the block map ("2025"), keyed "edition/number", and the edition an order's block numbers belong to.
        """
        CREATE TABLE block_editions (
            key text PRIMARY KEY, edition text NOT NULL, number integer NOT NULL, pcode text, geom geometry(Geometry, 4326) NOT NULL, source text NOT NULL);
        CREATE INDEX block_editions_geom ON block_editions USING gist (geom);
        ALTER TABLE orders ADD COLUMN edition text NOT NULL DEFAULT '';
        """,
    ];

    /// <summary>Tables cleared before a scenario import, children first.</summary>
    public static readonly IReadOnlyList<string> ScenarioTables =
        ["planning_tables", "order_blocks", "orders", "population", "zones", "site_history", "sites", "places", "buildings", "block_editions", "blocks", "areas", "scenario"];
}
