namespace VmPortal.Core.Data;

/// <summary>
/// The VM list's default order (cloud service, then name) read from one index: each VM row holds a copy of its cloud
/// service's name, kept by database triggers in the very transaction that inserts or moves the VM or renames the service —
/// whatever wrote it — as <see cref="VmSortColumns"/> keeps the location. Code never writes it. A VM naming no existing
/// service keeps its default, so the insert fails on the foreign key. On PostgreSQL the trigram indexes of the text search
/// also stop deferring their inserts to a pending list (<c>fastupdate</c>): that list, merged only by a vacuum, is read
/// row by row by every search until then.
/// </summary>
public static class ScaleOrderColumns
{
    private const string Fill = """
        UPDATE "VirtualMachines" SET
            "ServiceName" = (SELECT c."Name" FROM "CloudServices" c WHERE c."Id" = "VirtualMachines"."CloudServiceId");
        """;

    private const string SqliteServiceName = """
        UPDATE "VirtualMachines" SET "ServiceName" = COALESCE((SELECT "Name" FROM "CloudServices" WHERE "Id" = NEW."CloudServiceId"), "ServiceName")
            WHERE "Id" = NEW."Id";
        """;

    public const string Sqlite = $"""
        CREATE TRIGGER "VmServiceNameInserted" AFTER INSERT ON "VirtualMachines" BEGIN {SqliteServiceName} END;
        CREATE TRIGGER "VmServiceNameMoved" AFTER UPDATE OF "CloudServiceId" ON "VirtualMachines" BEGIN {SqliteServiceName} END;
        CREATE TRIGGER "VmServiceNameOfService" AFTER UPDATE OF "Name" ON "CloudServices" BEGIN
            UPDATE "VirtualMachines" SET "ServiceName" = NEW."Name" WHERE "CloudServiceId" = NEW."Id"; END;
        {Fill}
        """;

    public const string SqliteDown = """
        DROP TRIGGER "VmServiceNameInserted"; DROP TRIGGER "VmServiceNameMoved"; DROP TRIGGER "VmServiceNameOfService";
        """;

    private static readonly string[] TrigramIndexes =
    [
        "IX_VirtualMachines_Name_Trigram", "IX_CloudServices_Name_Trigram", "IX_Images_NormalizedName_Trigram",
        "IX_Images_NormalizedLabel_Trigram", "IX_Images_NormalizedDescription_Trigram",
    ];

    private static string EachTrigramIndex(string statement) =>
        string.Join('\n', TrigramIndexes.Select(index => string.Format(System.Globalization.CultureInfo.InvariantCulture, statement, index)));

    public static readonly string PostgreSql = $"""
        CREATE FUNCTION vm_service_name() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW."ServiceName" := COALESCE((SELECT "Name" FROM "CloudServices" WHERE "Id" = NEW."CloudServiceId"), NEW."ServiceName");
            RETURN NEW;
        END $$;
        CREATE TRIGGER "VmServiceName" BEFORE INSERT OR UPDATE OF "CloudServiceId" ON "VirtualMachines" FOR EACH ROW EXECUTE FUNCTION vm_service_name();

        CREATE FUNCTION vm_service_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "VirtualMachines" SET "ServiceName" = NEW."Name" WHERE "CloudServiceId" = NEW."Id";
            RETURN NULL;
        END $$;
        CREATE TRIGGER "VmServiceRenamed" AFTER UPDATE OF "Name" ON "CloudServices" FOR EACH ROW
            WHEN (OLD."Name" IS DISTINCT FROM NEW."Name") EXECUTE FUNCTION vm_service_renamed();
        {Fill}
        {EachTrigramIndex("ALTER INDEX \"{0}\" SET (fastupdate = off); SELECT gin_clean_pending_list('\"{0}\"'::regclass);")}
        """;

    public static readonly string PostgreSqlDown = $"""
        DROP TRIGGER "VmServiceName" ON "VirtualMachines"; DROP FUNCTION vm_service_name();
        DROP TRIGGER "VmServiceRenamed" ON "CloudServices"; DROP FUNCTION vm_service_renamed();
        {EachTrigramIndex("ALTER INDEX \"{0}\" RESET (fastupdate);")}
        """;
}
