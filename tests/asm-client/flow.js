// The VM-image workflow of ASM.md, driven by the unmodified classic client (azure-asm-compute 0.18.0 with azure-common)
// against a running portal: list, capture (specialized and generalized), read, update, create a cloud service, deploy
// from the image, read the VM, follow the operations, delete; then the refusals a script must be able to tell apart.
//
// Usage: node flow.js <settings.json>   (written by tests/VmPortal.E2E.Tests/Asm/AsmClientTests.cs)
// Prints one JSON object: for every step {ok: true, value} or {ok: false, error: {code, message, statusCode, requestId}}.
// A step that fails does not stop the others; the C# test asserts on each one.
'use strict';

const fs = require('fs');
const asm = require('azure-asm-compute');
const { TokenCloudCredentials } = require('azure-common');

const settings = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function clientFor(token) {
  const client = asm.createComputeManagementClient(
    new TokenCloudCredentials({ subscriptionId: settings.subscriptionId, token }), settings.baseUri);
  // The long-running wrappers (captureVMImage, deleteMethod, shutdown, …) wait 30 s before their first poll of
  // /operations/{id} and 30 s between polls unless told otherwise; both are in seconds, and fractions work.
  client.longRunningOperationInitialTimeout = 0;
  client.longRunningOperationRetryTimeout = 0.2;
  return client;
}

const operator = clientFor(settings.operatorToken);
const reader = clientFor(settings.readerToken);
const stranger = clientFor('vmp_not-a-token-the-portal-issued');
// The client's own filter hook, used to send a request without the x-ms-version header every call carries.
const versionless = clientFor(settings.operatorToken).withFilter((resource, next, callback) => {
  delete resource.headers['x-ms-version'];
  return next(resource, callback);
});

const call = (fn) => new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result))));
const results = {};

async function step(name, run) {
  try {
    results[name] = { ok: true, value: await run() };
  } catch (e) {
    // A refusal the error filter read from XML carries code/statusCode/requestId; a failed operation carries e.error.
    const inner = e.error || {};
    results[name] = {
      ok: false,
      error: {
        code: e.code || inner.code || null,
        message: e.message,
        statusCode: e.statusCode || null,
        requestId: e.requestId || null,
      },
    };
  }
}

const operation = (o) => ({ id: o.id, status: o.status, httpStatusCode: o.httpStatusCode, requestId: o.requestId });

const image = (i) => ({
  name: i.name,
  label: i.label,
  category: i.category,
  description: i.description || null,
  osState: i.oSDiskConfiguration && i.oSDiskConfiguration.oSState,
  os: i.oSDiskConfiguration && i.oSDiskConfiguration.operatingSystem,
  osHostCaching: i.oSDiskConfiguration && i.oSDiskConfiguration.hostCaching,
  osMediaLink: i.oSDiskConfiguration && i.oSDiskConfiguration.mediaLink,
  dataDisks: (i.dataDiskConfigurations || []).map((d) => ({
    name: d.name, lun: d.logicalUnitNumber, hostCaching: d.hostCaching, sizeInGb: d.logicalDiskSizeInGB, mediaLink: d.mediaLink,
  })),
  serviceName: i.serviceName || null,
  deploymentName: i.deploymentName || null,
  roleName: i.roleName || null,
  location: i.location,
  imageFamily: i.imageFamily || null,
  showInGui: i.showInGui,
  createdTime: i.createdTime,
});

async function followOperation(client, requestId) {
  for (let polls = 1; polls <= 300; polls++) {
    const status = await call((cb) => client.getOperationStatus(requestId, cb));
    if (status.status !== 'InProgress') return { polls, ...operation(status) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`operation ${requestId} still InProgress after 300 polls`);
}

(async () => {
  const src = settings.source;
  const vmImages = settings.images;

  await step('listBefore', async () => (await call((cb) => operator.virtualMachineVMImages.list(cb))).vMImages.map((i) => i.name));

  await step('captureSpecialized', async () => operation(await call((cb) => operator.virtualMachines.captureVMImage(
    src.service, src.service, src.runningVm,
    { operationType: 'CaptureRoleAsVMImageOperation', oSState: 'Specialized', vMImageName: vmImages.specialized, vMImageLabel: 'Before the upgrade' },
    cb))));

  await step('captureRunningAsGeneralized', async () => operation(await call((cb) => operator.virtualMachines.captureVMImage(
    src.service, src.service, src.runningVm,
    { operationType: 'CaptureRoleAsVMImageOperation', oSState: 'Generalized', vMImageName: 'never-captured', vMImageLabel: 'Never' },
    cb))));

  await step('restart', async () => operation(await call((cb) => operator.virtualMachines.restart(src.service, src.service, src.runningVm, cb))));
  await step('shutdownDeallocated', async () => operation(await call((cb) => operator.virtualMachines.shutdown(
    src.service, src.service, src.runningVm, { postShutdownAction: 'StoppedDeallocated' }, cb))));
  await step('start', async () => operation(await call((cb) => operator.virtualMachines.start(src.service, src.service, src.runningVm, cb))));
  await step('shutdown', async () => operation(await call((cb) => operator.virtualMachines.shutdown(
    src.service, src.service, src.runningVm, { postShutdownAction: 'Stopped' }, cb))));

  await step('captureGeneralized', async () => operation(await call((cb) => operator.virtualMachines.captureVMImage(
    src.service, src.service, src.generalizedVm,
    { operationType: 'CaptureRoleAsVMImageOperation', oSState: 'Generalized', vMImageName: vmImages.generalized, vMImageLabel: 'Web tier' },
    cb))));

  await step('list', async () => (await call((cb) => operator.virtualMachineVMImages.list(cb))).vMImages.map(image));
  await step('details', async () => image(await call((cb) => operator.virtualMachineVMImages.getDetails(vmImages.generalized, cb))));

  // The first data disk by name only (as a script that read the image would), the second by LUN.
  const disks = results.details.ok ? results.details.value.dataDisks : [];
  await step('update', async () => (await call((cb) => operator.virtualMachineVMImages.update(vmImages.generalized, {
    label: 'Web tier, generalized',
    description: 'Captured and updated over ASM',
    imageFamily: 'web-tier',
    oSDiskConfiguration: { hostCaching: 'ReadOnly' },
    dataDiskConfigurations: [
      { name: disks[0] && disks[0].name, hostCaching: 'ReadWrite' },
      { logicalUnitNumber: 1, hostCaching: 'ReadOnly' },
    ],
    showInGui: false,
  }, cb))).statusCode);
  await step('detailsAfterUpdate', async () => image(await call((cb) => operator.virtualMachineVMImages.getDetails(vmImages.generalized, cb))));

  await step('createService', async () => (await call((cb) => operator.hostedServices.create({
    serviceName: settings.newService, label: 'Web tier from ASM', description: 'Made by the classic client', location: settings.location,
  }, cb))).statusCode);

  const deployment = {
    name: settings.newService,
    deploymentSlot: 'Production',
    label: settings.newService,
    roles: [{
      roleName: settings.newVm,
      roleType: 'PersistentVMRole',
      configurationSets: [
        {
          configurationSetType: 'WindowsProvisioningConfiguration', computerName: settings.newVm,
          adminUserName: 'opsadmin', adminPassword: settings.password, enableAutomaticUpdates: true, resetPasswordOnFirstLogon: false,
        },
        {
          configurationSetType: 'NetworkConfiguration',
          inputEndpoints: [{ localPort: 3389, name: 'RemoteDesktop', port: 53389, protocol: 'tcp' }],
        },
      ],
      vMImageName: vmImages.generalized,
      roleSize: 'Medium',
      provisionGuestAgent: true,
    }],
  };
  await step('deploy', async () => {
    const accepted = await call((cb) => operator.virtualMachines.beginCreatingDeployment(settings.newService, deployment, cb));
    return { statusCode: accepted.statusCode, requestId: accepted.requestId };
  });
  await step('deployOperation', async () => followOperation(operator, results.deploy.value.requestId));

  // The deployment name as a person might type it: the implicit deployment matches in any case.
  await step('role', async () => {
    const role = await call((cb) => operator.virtualMachines.get(settings.newService, settings.newService.toUpperCase(), settings.newVm, cb));
    const network = (role.configurationSets || []).find((s) => s.configurationSetType === 'NetworkConfiguration') || {};
    return {
      roleName: role.roleName,
      roleType: role.roleType,
      roleSize: role.roleSize,
      os: role.oSVirtualHardDisk && role.oSVirtualHardDisk.operatingSystem,
      sourceImageName: role.oSVirtualHardDisk && role.oSVirtualHardDisk.sourceImageName,
      dataDisks: (role.dataVirtualHardDisks || []).map((d) => ({ lun: d.logicalUnitNumber, hostCaching: d.hostCaching, mediaLink: d.mediaLink })),
      endpoints: (network.inputEndpoints || []).map((e) => ({ name: e.name, port: e.port, localPort: e.localPort, protocol: e.protocol })),
      showsPassword: JSON.stringify(role).includes(settings.password),
    };
  });

  await step('secondDeployment', async () => (await call((cb) => operator.virtualMachines.beginCreatingDeployment(settings.newService, deployment, cb))).statusCode);

  await step('deleteSpecialized', async () => operation(await call((cb) => operator.virtualMachineVMImages.deleteMethod(vmImages.specialized, true, cb))));
  await step('listAfter', async () => (await call((cb) => operator.virtualMachineVMImages.list(cb))).vMImages.map((i) => i.name));

  await step('readerUpdate', async () => (await call((cb) => reader.virtualMachineVMImages.update(vmImages.generalized, { label: 'Not mine to change' }, cb))).statusCode);
  await step('readerList', async () => (await call((cb) => reader.virtualMachineVMImages.list(cb))).vMImages.map((i) => i.name));
  await step('unknownImage', async () => image(await call((cb) => operator.virtualMachineVMImages.getDetails('no-such-image', cb))));
  await step('missingVersion', async () => (await call((cb) => versionless.virtualMachineVMImages.list(cb))).vMImages.length);
  await step('unknownToken', async () => (await call((cb) => stranger.virtualMachineVMImages.list(cb))).vMImages.length);

  process.stdout.write(JSON.stringify(results));
})().catch((e) => {
  process.stderr.write(`The ASM flow crashed: ${e && e.stack}\n`);
  process.exit(2);
});
