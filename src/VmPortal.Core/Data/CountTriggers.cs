using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VmPortal.Core.Data;

/// <summary>
/// The database triggers that keep <see cref="CatalogueCounts"/>: every insert, delete or status change of a VM,
/// disk, cloud service or (not recycled) image writes a +1/−1 row to <c>CatalogueCounts</c> in the same transaction,
/// whatever wrote it (a service, a bulk <c>ExecuteDelete</c>, a hand-made SQL statement). Each migration project applies
/// its provider's script, which also counts what the tables hold already.
/// </summary>
public static class CountTriggers
{
    /// <summary>SQLite cannot use RETURNING on a table with AFTER triggers: EF reads generated keys the older way there.</summary>
    internal static void On<T>(EntityTypeBuilder<T> b) where T : class => b.ToTable(t => t.UseSqlReturningClause(false));

    private const string Seed = """
        INSERT INTO "CatalogueCounts" ("Key", "Delta") SELECT 'vm:' || "Status", COUNT(*) FROM "VirtualMachines" GROUP BY "Status";
        INSERT INTO "CatalogueCounts" ("Key", "Delta") SELECT 'disk', COUNT(*) FROM "Disks";
        INSERT INTO "CatalogueCounts" ("Key", "Delta") SELECT 'service', COUNT(*) FROM "CloudServices";
        INSERT INTO "CatalogueCounts" ("Key", "Delta") SELECT 'image:' || "Kind", COUNT(*) FROM "Images" WHERE "DeletedTime" IS NULL GROUP BY "Kind";
        """;

    public const string Sqlite = """
        CREATE TRIGGER "CountVmInserted" AFTER INSERT ON "VirtualMachines" BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('vm:' || NEW."Status", 1); END;
        CREATE TRIGGER "CountVmDeleted" AFTER DELETE ON "VirtualMachines" BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('vm:' || OLD."Status", -1); END;
        CREATE TRIGGER "CountVmStatus" AFTER UPDATE OF "Status" ON "VirtualMachines" WHEN OLD."Status" <> NEW."Status" BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('vm:' || OLD."Status", -1), ('vm:' || NEW."Status", 1); END;
        CREATE TRIGGER "CountDiskInserted" AFTER INSERT ON "Disks" BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('disk', 1); END;
        CREATE TRIGGER "CountDiskDeleted" AFTER DELETE ON "Disks" BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('disk', -1); END;
        CREATE TRIGGER "CountServiceInserted" AFTER INSERT ON "CloudServices" BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('service', 1); END;
        CREATE TRIGGER "CountServiceDeleted" AFTER DELETE ON "CloudServices" BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('service', -1); END;
        CREATE TRIGGER "CountImageInserted" AFTER INSERT ON "Images" WHEN NEW."DeletedTime" IS NULL BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('image:' || NEW."Kind", 1); END;
        CREATE TRIGGER "CountImageDeleted" AFTER DELETE ON "Images" WHEN OLD."DeletedTime" IS NULL BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('image:' || OLD."Kind", -1); END;
        CREATE TRIGGER "CountImageChanged" AFTER UPDATE OF "DeletedTime", "Kind" ON "Images" BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") SELECT 'image:' || OLD."Kind", -1 WHERE OLD."DeletedTime" IS NULL;
            INSERT INTO "CatalogueCounts" ("Key", "Delta") SELECT 'image:' || NEW."Kind", 1 WHERE NEW."DeletedTime" IS NULL; END;
        """ + Seed;

    public const string SqliteDown = """
        DROP TRIGGER "CountVmInserted"; DROP TRIGGER "CountVmDeleted"; DROP TRIGGER "CountVmStatus";
        DROP TRIGGER "CountDiskInserted"; DROP TRIGGER "CountDiskDeleted";
        DROP TRIGGER "CountServiceInserted"; DROP TRIGGER "CountServiceDeleted";
        DROP TRIGGER "CountImageInserted"; DROP TRIGGER "CountImageDeleted"; DROP TRIGGER "CountImageChanged";
        """;

    public const string PostgreSql = """
        CREATE FUNCTION count_vms() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('vm:' || OLD."Status", -1);
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('vm:' || NEW."Status", 1);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER "CountVms" AFTER INSERT OR DELETE ON "VirtualMachines" FOR EACH ROW EXECUTE FUNCTION count_vms();
        CREATE TRIGGER "CountVmStatus" AFTER UPDATE OF "Status" ON "VirtualMachines" FOR EACH ROW
            WHEN (OLD."Status" IS DISTINCT FROM NEW."Status") EXECUTE FUNCTION count_vms();

        CREATE FUNCTION count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES (TG_ARGV[0], CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END);
            RETURN NULL;
        END $$;
        CREATE TRIGGER "CountDisks" AFTER INSERT OR DELETE ON "Disks" FOR EACH ROW EXECUTE FUNCTION count_rows('disk');
        CREATE TRIGGER "CountServices" AFTER INSERT OR DELETE ON "CloudServices" FOR EACH ROW EXECUTE FUNCTION count_rows('service');

        CREATE FUNCTION count_images() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') AND OLD."DeletedTime" IS NULL THEN
                INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('image:' || OLD."Kind", -1);
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."DeletedTime" IS NULL THEN
                INSERT INTO "CatalogueCounts" ("Key", "Delta") VALUES ('image:' || NEW."Kind", 1);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER "CountImages" AFTER INSERT OR DELETE ON "Images" FOR EACH ROW EXECUTE FUNCTION count_images();
        CREATE TRIGGER "CountImageChanged" AFTER UPDATE OF "DeletedTime", "Kind" ON "Images" FOR EACH ROW EXECUTE FUNCTION count_images();
        """ + Seed;

    public const string PostgreSqlDown = """
        DROP TRIGGER "CountVms" ON "VirtualMachines"; DROP TRIGGER "CountVmStatus" ON "VirtualMachines";
        DROP TRIGGER "CountDisks" ON "Disks"; DROP TRIGGER "CountServices" ON "CloudServices";
        DROP TRIGGER "CountImages" ON "Images"; DROP TRIGGER "CountImageChanged" ON "Images";
        DROP FUNCTION count_vms(); DROP FUNCTION count_rows(); DROP FUNCTION count_images();
        """;
}
