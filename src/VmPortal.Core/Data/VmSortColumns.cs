namespace VmPortal.Core.Data;

/// <summary>
/// The VM list's sorts by location and by data disks read an index as the other sorts do: each VM row holds a copy of its
/// cloud service's location and the count of its data disks, kept by database triggers in the very transaction that
/// inserts or moves the VM, changes the service's location, or adds, removes, attaches or detaches a disk — whatever wrote
/// it. Code never writes them. Each migration project applies its provider's script, which also fills the rows it finds.
/// A VM naming no existing service keeps its default, so the insert fails on the foreign key, as it did before the copy.
/// </summary>
public static class VmSortColumns
{
    private const string Fill = """
        UPDATE "VirtualMachines" SET
            "Location" = (SELECT c."Location" FROM "CloudServices" c WHERE c."Id" = "VirtualMachines"."CloudServiceId"),
            "DataDiskCount" = (SELECT COUNT(*) FROM "Disks" d WHERE d."VirtualMachineId" = "VirtualMachines"."Id" AND d."Lun" IS NOT NULL);
        """;

    private const string SqliteRecount = """
        UPDATE "VirtualMachines" SET "DataDiskCount" =
            (SELECT COUNT(*) FROM "Disks" d WHERE d."VirtualMachineId" = "VirtualMachines"."Id" AND d."Lun" IS NOT NULL)
        """;

    private const string SqliteLocation = """
        UPDATE "VirtualMachines" SET "Location" = COALESCE((SELECT "Location" FROM "CloudServices" WHERE "Id" = NEW."CloudServiceId"), "Location")
            WHERE "Id" = NEW."Id";
        """;

    public const string Sqlite = $"""
        CREATE TRIGGER "VmLocationInserted" AFTER INSERT ON "VirtualMachines" BEGIN {SqliteLocation} END;
        CREATE TRIGGER "VmLocationMoved" AFTER UPDATE OF "CloudServiceId" ON "VirtualMachines" BEGIN {SqliteLocation} END;
        CREATE TRIGGER "VmLocationOfService" AFTER UPDATE OF "Location" ON "CloudServices" BEGIN
            UPDATE "VirtualMachines" SET "Location" = NEW."Location" WHERE "CloudServiceId" = NEW."Id"; END;
        CREATE TRIGGER "VmDataDisksInserted" AFTER INSERT ON "Disks" WHEN NEW."VirtualMachineId" IS NOT NULL BEGIN
            {SqliteRecount} WHERE "Id" = NEW."VirtualMachineId"; END;
        CREATE TRIGGER "VmDataDisksDeleted" AFTER DELETE ON "Disks" WHEN OLD."VirtualMachineId" IS NOT NULL BEGIN
            {SqliteRecount} WHERE "Id" = OLD."VirtualMachineId"; END;
        CREATE TRIGGER "VmDataDisksChanged" AFTER UPDATE OF "VirtualMachineId", "Lun" ON "Disks" BEGIN
            {SqliteRecount} WHERE "Id" IN (OLD."VirtualMachineId", NEW."VirtualMachineId"); END;
        {Fill}
        """;

    public const string SqliteDown = """
        DROP TRIGGER "VmLocationInserted"; DROP TRIGGER "VmLocationMoved"; DROP TRIGGER "VmLocationOfService";
        DROP TRIGGER "VmDataDisksInserted"; DROP TRIGGER "VmDataDisksDeleted"; DROP TRIGGER "VmDataDisksChanged";
        """;

    public const string PostgreSql = $"""
        CREATE FUNCTION vm_location() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW."Location" := COALESCE((SELECT "Location" FROM "CloudServices" WHERE "Id" = NEW."CloudServiceId"), NEW."Location");
            RETURN NEW;
        END $$;
        CREATE TRIGGER "VmLocation" BEFORE INSERT OR UPDATE OF "CloudServiceId" ON "VirtualMachines" FOR EACH ROW EXECUTE FUNCTION vm_location();

        CREATE FUNCTION vm_location_of_service() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "VirtualMachines" SET "Location" = NEW."Location" WHERE "CloudServiceId" = NEW."Id";
            RETURN NULL;
        END $$;
        CREATE TRIGGER "VmLocationOfService" AFTER UPDATE OF "Location" ON "CloudServices" FOR EACH ROW
            WHEN (OLD."Location" IS DISTINCT FROM NEW."Location") EXECUTE FUNCTION vm_location_of_service();

        CREATE FUNCTION vm_data_disks() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE vms integer[];
        BEGIN
            IF TG_OP = 'INSERT' THEN vms := ARRAY[NEW."VirtualMachineId"];
            ELSIF TG_OP = 'DELETE' THEN vms := ARRAY[OLD."VirtualMachineId"];
            ELSE vms := ARRAY[OLD."VirtualMachineId", NEW."VirtualMachineId"];
            END IF;
            UPDATE "VirtualMachines" v SET "DataDiskCount" =
                (SELECT COUNT(*) FROM "Disks" d WHERE d."VirtualMachineId" = v."Id" AND d."Lun" IS NOT NULL)
            WHERE v."Id" = ANY(vms);
            RETURN NULL;
        END $$;
        CREATE TRIGGER "VmDataDisks" AFTER INSERT OR DELETE ON "Disks" FOR EACH ROW EXECUTE FUNCTION vm_data_disks();
        CREATE TRIGGER "VmDataDisksChanged" AFTER UPDATE OF "VirtualMachineId", "Lun" ON "Disks" FOR EACH ROW
            WHEN (OLD."VirtualMachineId" IS DISTINCT FROM NEW."VirtualMachineId" OR OLD."Lun" IS DISTINCT FROM NEW."Lun")
            EXECUTE FUNCTION vm_data_disks();
        {Fill}
        """;

    public const string PostgreSqlDown = """
        DROP TRIGGER "VmLocation" ON "VirtualMachines"; DROP FUNCTION vm_location();
        DROP TRIGGER "VmLocationOfService" ON "CloudServices"; DROP FUNCTION vm_location_of_service();
        DROP TRIGGER "VmDataDisks" ON "Disks"; DROP TRIGGER "VmDataDisksChanged" ON "Disks"; DROP FUNCTION vm_data_disks();
        """;
}
