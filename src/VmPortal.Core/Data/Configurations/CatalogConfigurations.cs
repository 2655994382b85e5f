using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VmPortal.Core.Catalog;

namespace VmPortal.Core.Data.Configurations;

internal sealed class StorageAccountConfiguration : IEntityTypeConfiguration<StorageAccount>
{
    public void Configure(EntityTypeBuilder<StorageAccount> b)
    {
        b.Property(x => x.Name).HasMaxLength(24);
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.Location).HasMaxLength(64);
        b.Property(x => x.BlobEndpoint).HasMaxLength(512);
    }
}

internal sealed class CloudServiceConfiguration : IEntityTypeConfiguration<CloudService>
{
    public void Configure(EntityTypeBuilder<CloudService> b)
    {
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
        b.Property(x => x.Name).HasMaxLength(64);
        b.HasIndex(x => new { x.CloudServiceId, x.Name }).IsUnique();
        b.HasIndex(x => x.Status);
        b.Property(x => x.InstanceSize).HasMaxLength(32);
        b.Property(x => x.SourceImageName).HasMaxLength(80);
        b.HasMany(x => x.Disks).WithOne(x => x.VirtualMachine).HasForeignKey(x => x.VirtualMachineId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DiskConfiguration : IEntityTypeConfiguration<Disk>
{
    public void Configure(EntityTypeBuilder<Disk> b)
    {
        b.Property(x => x.Name).HasMaxLength(128);
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.MediaLink).HasMaxLength(1024);
        b.HasIndex(x => x.MediaLink).IsUnique();
    }
}

internal sealed class ImageConfiguration : IEntityTypeConfiguration<Image>
{
    public void Configure(EntityTypeBuilder<Image> b)
    {
        b.Property(x => x.Name).HasMaxLength(80);
        // R13: names are unique case-insensitively across OS and VM images; the database enforces it.
        b.Property(x => x.NormalizedName).HasMaxLength(80);
        b.HasIndex(x => x.NormalizedName).IsUnique();
        b.Property(x => x.Label).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(1024);
        b.Property(x => x.Location).HasMaxLength(64);
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
        b.HasIndex(x => x.CreatedTime);
    }
}
