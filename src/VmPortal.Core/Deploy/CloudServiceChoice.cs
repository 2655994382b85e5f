namespace VmPortal.Core.Deploy;

/// <summary>What a deploy's cloud service name means.</summary>
public enum CloudServiceChoice
{
    /// <summary>API.md: deploy into the service of that name; create it (a location given) when there is none.</summary>
    CreateOrUse,

    /// <summary>The form's "Create a new cloud service": a name that is taken is <c>NameConflict</c>, never someone else's service.</summary>
    CreateNew,
}
