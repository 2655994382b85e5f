using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Data.Configurations;

internal sealed class CountDeltaConfiguration : IEntityTypeConfiguration<CountDelta>
{
    public void Configure(EntityTypeBuilder<CountDelta> b)
    {
        b.ToTable("CatalogueCounts");
        b.Property(x => x.Key).HasMaxLength(64);
        // Summing a key's rows reads this index alone.
        b.HasIndex(x => new { x.Key, x.Delta });
    }
}
