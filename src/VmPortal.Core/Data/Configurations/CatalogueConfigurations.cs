using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Data.Configurations;

internal sealed class StorageAccountConfiguration : IEntityTypeConfiguration<StorageAccount>
{
    public void Configure(EntityTypeBuilder<StorageAccount> b)
    {
        b.Property(x => x.Name).HasMaxLength(24);
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.Location).HasMaxLength(64);
        b.Property(x => x.BlobEndpoint).HasMaxLength(512);
        b.OwnsOne(x => x.Totals);
    }
}

internal sealed class CloudServiceConfiguration : IEntityTypeConfiguration<CloudService>
{
    public void Configure(EntityTypeBuilder<CloudService> b)
    {
        CountTriggers.On(b);
        b.Property(x => x.Name).HasMaxLength(63);
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.Location).HasMaxLength(64);
        b.Property(x => x.Label).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(1024);
        b.HasMany(x => x.VirtualMachines).WithOne(x => x.CloudService!).HasForeignKey(x => x.CloudServiceId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VirtualMachineConfiguration : IEntityTypeConfiguration<VirtualMachine>
{
    public void Configure(EntityTypeBuilder<VirtualMachine> b)
    {
        CountTriggers.On(b);
        b.Property(x => x.Name).HasMaxLength(64);
        b.HasIndex(x => new { x.CloudServiceId, x.Name }).IsUnique();
        // The VM list's column sorts (ties broken by id): the first page in either direction reads one end of an index.
        b.HasIndex(x => new { x.Status, x.Id });
        b.HasIndex(x => new { x.Name, x.Id });
        b.HasIndex(x => new { x.Os, x.Id });
        b.HasIndex(x => new { x.InstanceSize, x.Id });
        b.HasIndex(x => new { x.Location, x.Id });
        b.HasIndex(x => new { x.DataDiskCount, x.Id });
        // The default order, with the id beside it: a page by skip finds its ids by OFFSET over this index alone. The list
        // filtered by status in that order is a seek on the second (SQLite otherwise read every VM of the status and sorted them).
        b.HasIndex(x => new { x.ServiceName, x.Name, x.Id });
        b.HasIndex(x => new { x.Status, x.ServiceName, x.Name, x.Id });
        // Kept by triggers (VmSortColumns): EF inserts the defaults the trigger then replaces, and never writes them again.
        b.Property(x => x.Location).HasMaxLength(64).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        b.Property(x => x.DataDiskCount).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        b.Property(x => x.ServiceName).HasMaxLength(63).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        b.Property(x => x.InstanceSize).HasMaxLength(32);
        b.Property(x => x.SourceImageName).HasMaxLength(80);
        // Each image in a list page counts the VMs deployed from it: an index lookup, not a scan of the estate.
        b.HasIndex(x => x.SourceImageName);
        b.Property(x => x.VirtualNetworkName).HasMaxLength(64);
        b.Property(x => x.SubnetName).HasMaxLength(64);
        b.HasIndex(x => x.MachineId);
        b.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
        b.OwnsMany(x => x.Endpoints, e => e.ToJson());
        // A JSON column beside the row: read with it, filtered in SQL (json_each on SQLite, jsonb on PostgreSQL), no join.
        b.OwnsMany(x => x.Tags, t => t.ToJson());
        b.HasMany(x => x.Disks).WithOne(x => x.VirtualMachine).HasForeignKey(x => x.VirtualMachineId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DiskConfiguration : IEntityTypeConfiguration<Disk>
{
    public void Configure(EntityTypeBuilder<Disk> b)
    {
        CountTriggers.On(b);
        b.Property(x => x.Name).HasMaxLength(128);
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.MediaLink).HasMaxLength(1024);
        b.HasIndex(x => x.MediaLink).IsUnique();
        b.Property(x => x.Label).HasMaxLength(100);
        b.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
    }
}

internal sealed class ImageConfiguration : IEntityTypeConfiguration<Image>
{
    private const string NotDeleted = "\"DeletedTime\" IS NULL";

    public void Configure(EntityTypeBuilder<Image> b)
    {
        CountTriggers.On(b);
        b.Property(x => x.Name).HasMaxLength(80);
        // R13: names are unique case-insensitively across OS and VM images; the database enforces it.
        b.Property(x => x.NormalizedName).HasMaxLength(80);
        b.HasIndex(x => x.NormalizedName).IsUnique();
        // The gallery's order (OS images, then VM images, by name): a keyset page is a seek on it.
        b.HasIndex(x => new { x.Kind, x.NormalizedName });
        // The gallery leaves the recycle bin out: over the images outside it, its order (and by OS, that order) with the id
        // beside it, so a page by skip, a filtered page and its count read one index and no row. DeletedTime is in the key
        // too (always NULL there) because SQLite counts an index as covering only when it holds every column the query names.
        b.HasIndex(x => new { x.Kind, x.NormalizedName, x.Id, x.DeletedTime }).HasFilter(NotDeleted);
        b.HasIndex(x => new { x.Os, x.Kind, x.NormalizedName, x.Id, x.DeletedTime }).HasFilter(NotDeleted);
        b.Property(x => x.Label).HasMaxLength(100);
        b.Property(x => x.NormalizedLabel).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(1024);
        b.Property(x => x.NormalizedDescription).HasMaxLength(1024);
        b.Property(x => x.Location).HasMaxLength(64);
        b.Property(x => x.ImageFamily).HasMaxLength(100);
        b.Property(x => x.NormalizedFamily).HasMaxLength(100);
        b.HasIndex(x => x.NormalizedFamily);
        // A version is unique within its family; rows without a family (NULL) or a version never collide.
        b.Property(x => x.Version).HasMaxLength(ImageVersion.MaxLength);
        b.HasIndex(x => new { x.NormalizedFamily, x.Version }).IsUnique();
        b.Property(x => x.Language).HasMaxLength(64);
        b.Property(x => x.RecommendedVmSize).HasMaxLength(32);
        b.Property(x => x.EulaUri).HasMaxLength(1024);
        b.Property(x => x.PrivacyUri).HasMaxLength(1024);
        b.Property(x => x.IconUri).HasMaxLength(1024);
        b.Property(x => x.SourceServiceName).HasMaxLength(63);
        b.Property(x => x.SourceVmName).HasMaxLength(64);
        b.Property(x => x.RoleSizeOnCapture).HasMaxLength(32);
        b.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
        b.Property(x => x.Replacement).HasMaxLength(80);
        b.OwnsMany(x => x.Tags, t => t.ToJson());
        // The recycle bin's purger looks for what is due.
        b.HasIndex(x => x.PurgeAt);
        b.HasMany(x => x.Disks).WithOne().HasForeignKey(x => x.ImageId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Replicas).WithOne().HasForeignKey(x => x.ImageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImageDiskConfiguration : IEntityTypeConfiguration<ImageDisk>
{
    public void Configure(EntityTypeBuilder<ImageDisk> b)
    {
        b.Property(x => x.Name).HasMaxLength(128);
        b.Property(x => x.Location).HasMaxLength(64);
        b.Property(x => x.MediaLink).HasMaxLength(1024);
        b.HasIndex(x => x.MediaLink);
        b.HasIndex(x => new { x.ImageId, x.Location, x.Lun }).IsUnique();
        b.Ignore(x => x.IsOsDisk);
    }
}

internal sealed class ImageReplicaConfiguration : IEntityTypeConfiguration<ImageReplica>
{
    public void Configure(EntityTypeBuilder<ImageReplica> b)
    {
        b.Property(x => x.Location).HasMaxLength(64);
        b.Property(x => x.Error).HasMaxLength(2048);
        // One replica per location: two requests racing for one location cannot both make it.
        b.HasIndex(x => new { x.ImageId, x.Location }).IsUnique();
    }
}

internal sealed class VirtualNetworkConfiguration : IEntityTypeConfiguration<VirtualNetwork>
{
    public void Configure(EntityTypeBuilder<VirtualNetwork> b)
    {
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.NormalizedName).HasMaxLength(64);
        b.HasIndex(x => x.NormalizedName).IsUnique();
        b.Property(x => x.Location).HasMaxLength(64);
        b.Property(x => x.AddressSpace).HasMaxLength(64);
        b.OwnsMany(x => x.Subnets, s => s.ToJson());
    }
}

internal sealed class OperationConfiguration : IEntityTypeConfiguration<Operation>
{
    public void Configure(EntityTypeBuilder<Operation> b)
    {
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.Target).HasMaxLength(256);
        b.Property(x => x.ErrorCode).HasMaxLength(64);
        b.Property(x => x.ErrorMessage).HasMaxLength(2048);
        b.Property(x => x.StatusMessage).HasMaxLength(256);
        b.Property(x => x.RequestedBy).HasMaxLength(128);
        b.Property(x => x.Culture).HasMaxLength(16);
        b.Property(x => x.LeaseOwner).HasMaxLength(128);
        b.Property(x => x.ImageName).HasMaxLength(80);
        b.Property(x => x.NormalizedImageName).HasMaxLength(80);
        b.HasIndex(x => new { x.NormalizedImageName, x.Status });
        b.HasIndex(x => x.CreatedTime);
        b.HasIndex(x => new { x.Status, x.LeaseExpires });
        b.Property(x => x.Steps).HasConversion(JsonColumn<OperationStep>.Converter, JsonColumn<OperationStep>.Comparer);
        b.Property(x => x.Disks).HasConversion(JsonColumn<DiskProgress>.Converter, JsonColumn<DiskProgress>.Comparer);
    }
}

internal sealed class UploadConfiguration : IEntityTypeConfiguration<Upload>
{
    public void Configure(EntityTypeBuilder<Upload> b)
    {
        b.Property(x => x.Name).HasMaxLength(128);
        b.Property(x => x.StorageAccount).HasMaxLength(24);
        b.Property(x => x.Location).HasMaxLength(64);
        b.Property(x => x.BlobUri).HasMaxLength(1024);
        b.HasIndex(x => x.BlobUri).IsUnique();
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasIndex(x => x.ExpiresAt);
    }
}
