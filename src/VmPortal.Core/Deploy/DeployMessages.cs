namespace VmPortal.Core.Deploy;

/// <summary>The sentences of deploys (DeployMessages.resx, English and 简体中文): credential and deploy refusals, steps and failures.</summary>
public sealed class DeployMessages : ResourceText<DeployMessages>;
