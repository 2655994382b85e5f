namespace VmPortal.Core.Data;

/// <summary>
/// What makes the lists' text search (<c>search=</c>: a part of a name, anywhere in it) an index lookup instead of a scan:
/// on SQLite, FTS5 tables with the trigram tokenizer kept by triggers (VMs: name and cloud service, any case; images: the
/// upper-cased name, label and description); on PostgreSQL, <c>pg_trgm</c> GIN indexes, which serve <c>LIKE</c> and
/// <c>ILIKE '%…%'</c>. Both find substrings of three characters or more; <see cref="SearchText"/> scans for shorter ones.
/// Each migration project applies its provider's script, which also indexes what the tables hold already.
/// </summary>
public static class SearchIndexes
{
    public const string Sqlite = """
        CREATE VIRTUAL TABLE "VmSearch" USING fts5("Name", "Service", tokenize = 'trigram');
        CREATE TRIGGER "SearchVmInserted" AFTER INSERT ON "VirtualMachines" BEGIN
            INSERT INTO "VmSearch" (rowid, "Name", "Service") SELECT NEW."Id", NEW."Name", "Name" FROM "CloudServices" WHERE "Id" = NEW."CloudServiceId"; END;
        CREATE TRIGGER "SearchVmDeleted" AFTER DELETE ON "VirtualMachines" BEGIN
            DELETE FROM "VmSearch" WHERE rowid = OLD."Id"; END;
        CREATE TRIGGER "SearchVmChanged" AFTER UPDATE OF "Name", "CloudServiceId" ON "VirtualMachines" BEGIN
            DELETE FROM "VmSearch" WHERE rowid = OLD."Id";
            INSERT INTO "VmSearch" (rowid, "Name", "Service") SELECT NEW."Id", NEW."Name", "Name" FROM "CloudServices" WHERE "Id" = NEW."CloudServiceId"; END;
        INSERT INTO "VmSearch" (rowid, "Name", "Service")
            SELECT v."Id", v."Name", c."Name" FROM "VirtualMachines" AS v JOIN "CloudServices" AS c ON c."Id" = v."CloudServiceId";

        CREATE VIRTUAL TABLE "ImageSearch" USING fts5("Name", "Label", "Description", tokenize = 'trigram case_sensitive 1');
        CREATE TRIGGER "SearchImageInserted" AFTER INSERT ON "Images" BEGIN
            INSERT INTO "ImageSearch" (rowid, "Name", "Label", "Description")
            VALUES (NEW."Id", NEW."NormalizedName", NEW."NormalizedLabel", NEW."NormalizedDescription"); END;
        CREATE TRIGGER "SearchImageDeleted" AFTER DELETE ON "Images" BEGIN
            DELETE FROM "ImageSearch" WHERE rowid = OLD."Id"; END;
        CREATE TRIGGER "SearchImageChanged" AFTER UPDATE OF "NormalizedName", "NormalizedLabel", "NormalizedDescription" ON "Images" BEGIN
            DELETE FROM "ImageSearch" WHERE rowid = OLD."Id";
            INSERT INTO "ImageSearch" (rowid, "Name", "Label", "Description")
            VALUES (NEW."Id", NEW."NormalizedName", NEW."NormalizedLabel", NEW."NormalizedDescription"); END;
        INSERT INTO "ImageSearch" (rowid, "Name", "Label", "Description")
            SELECT "Id", "NormalizedName", "NormalizedLabel", "NormalizedDescription" FROM "Images";
        """;

    public const string SqliteDown = """
        DROP TRIGGER "SearchVmInserted"; DROP TRIGGER "SearchVmDeleted"; DROP TRIGGER "SearchVmChanged"; DROP TABLE "VmSearch";
        DROP TRIGGER "SearchImageInserted"; DROP TRIGGER "SearchImageDeleted"; DROP TRIGGER "SearchImageChanged"; DROP TABLE "ImageSearch";
        """;

    /// <summary><c>pg_trgm</c> is a trusted extension: a database owner may create it (PostgreSQL 13 and later).</summary>
    public const string PostgreSql = """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX "IX_VirtualMachines_Name_Trigram" ON "VirtualMachines" USING gin ("Name" gin_trgm_ops);
        CREATE INDEX "IX_CloudServices_Name_Trigram" ON "CloudServices" USING gin ("Name" gin_trgm_ops);
        CREATE INDEX "IX_Images_NormalizedName_Trigram" ON "Images" USING gin ("NormalizedName" gin_trgm_ops);
        CREATE INDEX "IX_Images_NormalizedLabel_Trigram" ON "Images" USING gin ("NormalizedLabel" gin_trgm_ops);
        CREATE INDEX "IX_Images_NormalizedDescription_Trigram" ON "Images" USING gin ("NormalizedDescription" gin_trgm_ops);
        """;

    public const string PostgreSqlDown = """
        DROP INDEX "IX_VirtualMachines_Name_Trigram"; DROP INDEX "IX_CloudServices_Name_Trigram";
        DROP INDEX "IX_Images_NormalizedName_Trigram"; DROP INDEX "IX_Images_NormalizedLabel_Trigram";
        DROP INDEX "IX_Images_NormalizedDescription_Trigram";
        """;
}
