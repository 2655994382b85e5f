namespace VmPortal.Core.Disks;

/// <summary>What a fabric sector held when read.</summary>
public enum SectorState
{
    /// <summary>A well-formed record.</summary>
    Present,
    /// <summary>No record was ever written there (no magic): a blank or foreign disk.</summary>
    Absent,
    /// <summary>The magic is there but the seal or a field is wrong: torn write, tampering or a newer format.</summary>
    Corrupt,
}

/// <summary>The outcome of reading a record from a disk sector: the record when present, otherwise why not.</summary>
public sealed record SectorRead<T>(SectorState State, T? Value, string Message) where T : class
{
    public static SectorRead<T> Present(T value) => new(SectorState.Present, value, "Present.");
    public static SectorRead<T> Absent(string what) => new(SectorState.Absent, null, DiskMessages.Format("SectorAbsent", what));
    public static SectorRead<T> Corrupt(string why) => new(SectorState.Corrupt, null, why);
}
