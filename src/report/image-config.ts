// Metadata.ImageConfig as Trivy prints it: the image config re-encoded through go-containerregistry's
// v1.ConfigFile (pkg/v1/config.go), so members come in that struct's order, unknown members are dropped,
// and `omitempty` applies. Values of the wrong type are dropped, as Go would fail to decode them.
import type { ImageConfig } from '../types.js';
import { type GoValue, goMap, goStruct, goTime, omitEmpty, omitEmptyList } from './go-json.js';

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

/** A v1.Time: never omitted (omitempty does not apply to structs); the zero time when absent. */
const time = (value: unknown): string => goTime(str(value)) ?? '0001-01-01T00:00:00Z';

/** map[string]struct{} (Volumes, ExposedPorts): sorted keys, each `{}`. */
function set(value: unknown): GoValue {
  return isObject(value) ? goMap(Object.fromEntries(Object.keys(value).map((key) => [key, {}]))) : undefined;
}

function labels(value: unknown): GoValue {
  if (!isObject(value)) return undefined;
  return goMap(Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : []))));
}

function healthcheck(value: unknown): GoValue {
  if (!isObject(value)) return undefined;
  return (
    goStruct({
      Test: omitEmptyList(strings(value.Test)),
      Interval: omitEmpty(num(value.Interval)),
      Timeout: omitEmpty(num(value.Timeout)),
      StartPeriod: omitEmpty(num(value.StartPeriod)),
      Retries: omitEmpty(num(value.Retries)),
    }) ?? {}
  );
}

function config(value: unknown): GoValue {
  const c: Json = isObject(value) ? value : {};
  return (
    goStruct({
      AttachStderr: omitEmpty(bool(c.AttachStderr)),
      AttachStdin: omitEmpty(bool(c.AttachStdin)),
      AttachStdout: omitEmpty(bool(c.AttachStdout)),
      Cmd: omitEmptyList(strings(c.Cmd)),
      Healthcheck: healthcheck(c.Healthcheck),
      Domainname: omitEmpty(str(c.Domainname)),
      Entrypoint: omitEmptyList(strings(c.Entrypoint)),
      Env: omitEmptyList(strings(c.Env)),
      Hostname: omitEmpty(str(c.Hostname)),
      Image: omitEmpty(str(c.Image)),
      Labels: labels(c.Labels),
      OnBuild: omitEmptyList(strings(c.OnBuild)),
      OpenStdin: omitEmpty(bool(c.OpenStdin)),
      StdinOnce: omitEmpty(bool(c.StdinOnce)),
      Tty: omitEmpty(bool(c.Tty)),
      User: omitEmpty(str(c.User)),
      Volumes: set(c.Volumes),
      WorkingDir: omitEmpty(str(c.WorkingDir)),
      ExposedPorts: set(c.ExposedPorts),
      ArgsEscaped: omitEmpty(bool(c.ArgsEscaped)),
      NetworkDisabled: omitEmpty(bool(c.NetworkDisabled)),
      MacAddress: omitEmpty(str(c.MacAddress)),
      StopSignal: omitEmpty(str(c.StopSignal)),
      Shell: omitEmptyList(strings(c.Shell)),
    }) ?? {}
  );
}

function history(value: unknown): GoValue {
  if (!Array.isArray(value)) return undefined;
  return omitEmptyList(
    value.filter(isObject).map((h) => ({
      author: omitEmpty(str(h.author)),
      created: time(h.created),
      created_by: omitEmpty(str(h.created_by)),
      comment: omitEmpty(str(h.comment)),
      empty_layer: omitEmpty(bool(h.empty_layer)),
    })),
  );
}

export function imageConfigJson(image: ImageConfig): GoValue {
  const rootfs: Json = isObject(image.rootfs) ? image.rootfs : {};
  return {
    architecture: str(image.architecture) ?? '',
    author: omitEmpty(str(image.author)),
    container: omitEmpty(str(image.container)),
    created: time(image.created),
    docker_version: omitEmpty(str(image.docker_version)),
    history: history(image.history),
    os: str(image.os) ?? '',
    rootfs: { type: str(rootfs.type) ?? '', diff_ids: strings(rootfs.diff_ids) ?? null },
    config: config(image.config),
    'os.version': omitEmpty(str(image['os.version'])),
    variant: omitEmpty(str(image.variant)),
    'os.features': omitEmptyList(strings(image['os.features'])),
  };
}
