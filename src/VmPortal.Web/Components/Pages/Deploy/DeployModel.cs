using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Images;

namespace VmPortal.Web.Components.Pages.Deploy;

/// <summary>An endpoint row of the form; ports stay numbers the user can type.</summary>
public sealed class EndpointRow
{
    public string Name { get; set; } = "";
    public string Protocol { get; set; } = "tcp";
    public int PublicPort { get; set; }
    public int LocalPort { get; set; }
}

/// <summary>
/// The deploy form's state for one image (R20–R27), checked with the API's own rules (<see cref="NameRules"/>,
/// <see cref="Credentials"/>) under the field names the API uses, and turned into one <see cref="DeployRequest"/>.
/// </summary>
public sealed class DeployModel
{
    public const string NameField = "name", ServiceField = "serviceName", LocationField = "location", SizeField = "instanceSize",
        CountField = "count", ComputerField = "provisioning.computerName", UserField = "provisioning.adminUserName",
        PasswordField = "provisioning.adminPassword", ConfirmField = "provisioning.confirmPassword", SshField = "provisioning.sshPublicKey",
        ProvisioningField = "provisioning", EndpointsField = "network.endpoints", VnetField = "network.virtualNetwork",
        SubnetField = "network.subnet", CloneField = "acknowledgeSpecializedClone";

    public DeployModel(ImageView image)
    {
        Image = image;
        Location = image.Location;
        var fits = InstanceSizes.All.Where(s => s.MaxDataDisks >= DataDisks).ToList();
        InstanceSize = fits.FirstOrDefault(s => s.Name == image.RecommendedVmSize)?.Name ?? fits.FirstOrDefault(s => s.Name == "Small")?.Name ?? fits.FirstOrDefault()?.Name ?? InstanceSizes.All[^1].Name;
        Endpoints.Add(image.Os == OsType.Windows
            ? new EndpointRow { Name = "RemoteDesktop", PublicPort = 3389, LocalPort = 3389 }
            : new EndpointRow { Name = "SSH", PublicPort = 22, LocalPort = 22 });
    }

    public ImageView Image { get; private set; }

    /// <summary>The same image read again (its lifecycle moved on since the form opened); what the user typed stays.</summary>
    public void Refresh(ImageView image) => Image = image;

    /// <summary>
    /// Set when the user deploys "always the latest" of the image's family: the request names the family, and the portal resolves
    /// its latest version in the cloud service's location when it accepts the deploy (<see cref="Image"/> is that version now).
    /// </summary>
    public string? Family { get; set; }
    public int DataDisks => Image.DataDiskConfigurations?.Count ?? 0;
    public bool Provisioned => Image.OsState == OsState.Generalized;
    public bool IsWindows => Image.Os == OsType.Windows;
    /// <summary>
    /// Where it can be deployed: a public image wherever it has a replica (R19); a user image in its own location and each location
    /// it has a Ready replica in (the deploy there uses that replica).
    /// </summary>
    public IReadOnlyList<string> DeployLocations => Image.Location is not { } own ? Image.Locations
        : [.. (Image.Replicas ?? []).Where(r => r.State == ReplicaState.Ready).Select(r => r.Location).Prepend(own).Distinct()];

    /// <summary>A user image with no Ready replica elsewhere goes into its own location only; otherwise the user picks where.</summary>
    public bool LocationIsFixed => Image.Location is not null && DeployLocations.Count == 1;

    public string Name { get; set; } = "";
    public bool NewService { get; set; } = true;
    public string? ExistingService { get; set; }
    public string NewServiceName { get; set; } = "";
    public string? Location { get; set; }
    public string InstanceSize { get; set; }
    public int Count { get; set; } = 1;
    public string ComputerName { get; set; } = "";
    public string AdminUser { get; set; } = "";
    public string Password { get; set; } = "";
    public string ConfirmPassword { get; set; } = "";
    public string SshKey { get; set; } = "";
    public List<EndpointRow> Endpoints { get; } = [];
    public string? VirtualNetwork { get; set; }
    public string? Subnet { get; set; }
    public bool AcknowledgeClone { get; set; }

    public string ServiceName => NewService ? NewServiceName : ExistingService ?? "";

    /// <summary>The cloud services that exist: a new one cannot take their names (a deploy would otherwise land in someone else's service).</summary>
    public IReadOnlyList<string> TakenServiceNames { get; init; } = [];

    /// <summary>Why a size cannot take this image (R27), or null when it can.</summary>
    public string? TooSmall(InstanceSize size) => size.MaxDataDisks >= DataDisks ? null
        : DeployText.Format(size.MaxDataDisks == 1 ? "TooSmallOne" : "TooSmallMany", size.MaxDataDisks, DataDisks);

    /// <summary>Every local check, keyed by the API's field names; empty when the form may be sent.</summary>
    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        void Add(string field, Core.PortalError? error)
        {
            if (error is not null) errors.TryAdd(field, error.Message);
        }
        Add(NameField, NameRules.VirtualMachine(Name, Image.Os));
        if (NewService) Add(ServiceField, NameRules.CloudService(NewServiceName) ?? ServiceNameTaken());
        else if (string.IsNullOrEmpty(ExistingService)) errors[ServiceField] = DeployText.Format("PickService");
        if (NewService && string.IsNullOrEmpty(Location)) errors[LocationField] = DeployText.Format("PickLocation");
        if (InstanceSizes.Find(InstanceSize) is not { } size) errors[SizeField] = DeployText.Format("PickSize");
        else if (TooSmall(size) is { } why) errors[SizeField] = why;
        if (Count is < 1 or > DeployPlanner.MaxCount) errors[CountField] = DeployText.Format("CountRange", DeployPlanner.MaxCount);
        if (Provisioned) ValidateProvisioning(errors, Add);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            var e = Endpoints[i];
            if (string.IsNullOrWhiteSpace(e.Name)) errors.TryAdd($"{EndpointsField}[{i}].name", DeployText.Format("EndpointNeedsName"));
            if (e.PublicPort is < 1 or > 65535 || e.LocalPort is < 1 or > 65535) errors.TryAdd($"{EndpointsField}[{i}]", DeployText.Format("PortRange"));
        }
        if (Endpoints.GroupBy(e => (e.Protocol, e.PublicPort)).FirstOrDefault(g => g.Count() > 1) is { } twice)
            errors.TryAdd(EndpointsField, DeployText.Format("PortTwice", twice.Key.PublicPort));
        return errors;
    }

    private Core.PortalError? ServiceNameTaken() =>
        TakenServiceNames.FirstOrDefault(n => n.Equals(NewServiceName, StringComparison.OrdinalIgnoreCase)) is { } taken
            ? new Core.PortalError(Core.ErrorCodes.NameConflict,
                DeployText.Format("ServiceTaken", taken), ServiceField)
            : null;

    private void ValidateProvisioning(Dictionary<string, string> errors, Action<string, Core.PortalError?> add)
    {
        if (string.IsNullOrEmpty(ComputerName)) errors[ComputerField] = DeployText.Format(IsWindows ? "GiveComputerName" : "GiveHostName");
        else add(ComputerField, NameRules.VirtualMachine(ComputerName, Image.Os, ComputerField));
        if (string.IsNullOrEmpty(AdminUser)) errors[UserField] = DeployText.Format("GiveAdminUser");
        else add(UserField, Credentials.CheckUserName(AdminUser));
        var wantsPassword = IsWindows || Password.Length > 0 || SshKey.Trim().Length == 0;
        if (wantsPassword)
        {
            if (Password.Length == 0) errors[PasswordField] = DeployText.Format(IsWindows ? "GiveAdminPassword" : "GivePasswordOrKey");
            else add(PasswordField, Credentials.CheckPassword(Password));
            if (Password.Length > 0 && ConfirmPassword != Password) errors[ConfirmField] = DeployText.Format("PasswordsDiffer");
        }
        if (!IsWindows && SshKey.Trim().Length > 0) add(SshField, Credentials.CheckSshKey(SshKey));
    }

    /// <summary>The fields from top to bottom of the form: the error summary lists problems in the order the user meets them.</summary>
    private static readonly string[] FormOrder = [ServiceField, LocationField, NameField, CountField, SizeField, ComputerField, UserField,
        PasswordField, ConfirmField, SshField, ProvisioningField, EndpointsField, VnetField, SubnetField, CloneField];

    public static int FormPosition(string field)
    {
        var at = Array.FindIndex(FormOrder, f => field.StartsWith(f, StringComparison.OrdinalIgnoreCase));
        return at < 0 ? FormOrder.Length : at;
    }

    /// <summary>The field's label as the form shows it, for the error summary ("Host name: …").</summary>
    public string FieldLabel(string field) => field switch
    {
        NameField => DeployText.Format("VmName"),
        ServiceField => DeployText.Format(NewService ? "CloudServiceName" : "CloudService"),
        LocationField => DeployText.Format("Location"),
        SizeField => DeployText.Format("InstanceSize"),
        CountField => DeployText.Format("HowMany"),
        ComputerField => DeployText.Format(IsWindows ? "ComputerName" : "HostName"),
        UserField => DeployText.Format(IsWindows ? "AdminUserName" : "UserName"),
        PasswordField => DeployText.Format("Password"),
        ConfirmField => DeployText.Format("ConfirmPassword"),
        SshField => DeployText.Format("SshPublicKey"),
        VnetField => DeployText.Format("VirtualNetwork"),
        SubnetField => DeployText.Format("Subnet"),
        CloneField => DeployText.Format("MachineId"),
        _ when field.StartsWith(EndpointsField, StringComparison.OrdinalIgnoreCase) => DeployText.Format("Endpoints"),
        _ => DeployText.Format("Provisioning"),
    };

    /// <summary>The request exactly as the API takes it: provisioning only for a generalized image (R21/R22).</summary>
    public DeployRequest ToRequest() => new(
        Name: Name, ImageName: Family is null ? Image.Name : null, ImageFamily: Family, InstanceSize: InstanceSize,
        Location: NewService ? Location : null, WaitForBoot: true,
        Provisioning: Provisioned
            ? new ProvisioningData(ComputerName, AdminUser, Password.Length > 0 ? Password : null,
                !IsWindows && SshKey.Trim().Length > 0 ? SshKey.Trim() : null)
            : null,
        Network: new NetworkConfiguration(VirtualNetwork, VirtualNetwork is null ? null : Subnet,
            Endpoints.Select(e => new EndpointRequest(e.Name, e.Protocol, e.PublicPort, e.LocalPort)).ToList()),
        AcknowledgeSpecializedClone: AcknowledgeClone,
        Count: Provisioned && Count > 1 ? Count : null);

    /// <summary>The VMs a deploy of <see cref="Count"/> makes: the name, or name1…nameN.</summary>
    public IReadOnlyList<string> VmNames() =>
        Provisioned && Count > 1 ? Enumerable.Range(1, Count).Select(i => $"{Name}{i}").ToList() : [Name];
}
