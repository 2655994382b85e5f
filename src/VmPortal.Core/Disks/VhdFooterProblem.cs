namespace VmPortal.Core.Disks;

/// <summary>Why a file or blob is not a disk the portal accepts (R1, R2). The names are stable codes.</summary>
public enum VhdFooterProblem
{
    NotAVhd,
    DynamicVhd,
    DifferencingVhd,
    BadChecksum,
    SizeNotWholeMiB,
    TooLarge,
    TooSmall,
    /// <summary>A block or append blob: R1 says every disk is a page blob, whatever its bytes.</summary>
    NotAPageBlob,
}

/// <summary>The verdict on a VHD footer: valid with its parsed footer, or the problem and a sentence a user can act on.</summary>
public sealed record VhdValidation(VhdFooterProblem? Problem, string Message, VhdFooter? Footer)
{
    public bool IsValid => Problem is null;

    internal static VhdValidation Valid(VhdFooter footer) => new(null, "A fixed VHD.", footer);

    internal static VhdValidation Refused(VhdFooterProblem problem, string message) => new(problem, message, null);
}
