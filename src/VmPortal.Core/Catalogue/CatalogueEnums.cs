namespace VmPortal.Core.Catalogue;

public enum OsType { Windows, Linux }

public enum OsState { Generalized, Specialized }

public enum HostCaching { None, ReadOnly, ReadWrite }

public enum ImageKind { OSImage, VMImage }

public enum ImageCategory { Public, User }

/// <summary>An image is usable once its capture is committed.</summary>
public enum ImageState { Ready, Capturing }

/// <summary>Role status as the API reports it (API.md "Vm").</summary>
public enum VmStatus
{
    Provisioning,
    ProvisioningFailed,
    StartingVM,
    RoleStateUnknown,
    ReadyRole,
    StoppingVM,
    StoppedVM,
    StoppedDeallocated,
    DeletingVM,
}

public enum PowerState { Starting, Started, Stopping, Stopped }

public enum OperationStatus { InProgress, Succeeded, Failed }
