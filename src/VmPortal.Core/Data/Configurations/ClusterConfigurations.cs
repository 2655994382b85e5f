using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Data.Configurations;

internal sealed class LeaseConfiguration : IEntityTypeConfiguration<Lease>
{
    public void Configure(EntityTypeBuilder<Lease> b)
    {
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Owner).HasMaxLength(128);
    }
}

internal sealed class PortalInstanceRecordConfiguration : IEntityTypeConfiguration<PortalInstanceRecord>
{
    public void Configure(EntityTypeBuilder<PortalInstanceRecord> b)
    {
        b.ToTable("PortalInstances");
        b.Property(x => x.Id).HasMaxLength(128);
        b.Property(x => x.Host).HasMaxLength(256);
        b.Property(x => x.Storage).HasMaxLength(4000);
    }
}
