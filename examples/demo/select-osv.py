#!/usr/bin/env python3
"""Copies the OSV records relevant to the demo image out of OSV bulk exports (all.zip files).

Usage: select-osv.py DEBIAN_ALL_ZIP PYPI_ALL_ZIP  (writes osv/<ID>.json)

Debian: the Debian:11 records for the image's source packages whose ranges contain the installed
version, decided by `dpkg --compare-versions`. PyPI: every record that names one of the image's
Python distributions, affected or not, so the demo also shows what is correctly left out.
"""
import json, os, re, subprocess, sys, zipfile

ROOT = os.path.join(os.path.dirname(__file__), 'rootfs')
OUT = os.path.join(os.path.dirname(__file__), 'osv')


def installed_sources():
    sources = {}
    with open(os.path.join(ROOT, 'var/lib/dpkg/status')) as f:
        for stanza in f.read().split('\n\n'):
            fields = dict(re.findall(r'^([A-Za-z-]+): (.*)$', stanza, re.M))
            if 'Package' not in fields or 'install ok installed' not in fields.get('Status', ''):
                continue
            m = re.match(r'^(\S+)(?: \((\S+)\))?$', fields.get('Source', fields['Package']))
            sources[m.group(1)] = m.group(2) or fields['Version']
    return sources


def dpkg_lt(a, b):
    return subprocess.run(['dpkg', '--compare-versions', a, 'lt', b]).returncode == 0


def affects(ranges, version):
    for r in ranges:
        introduced, fixed = None, None
        for e in r['events']:
            introduced = e.get('introduced', introduced)
            fixed = e.get('fixed', fixed)
        if introduced not in (None, '0') and dpkg_lt(version, introduced):
            continue
        if fixed is None or dpkg_lt(version, fixed):
            return True
    return False


def pep503(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def python_names():
    site = os.path.join(ROOT, 'usr/local/lib/python3.8/site-packages')
    names = set()
    for entry in os.listdir(site):
        with open(os.path.join(site, entry, 'METADATA'), encoding='utf-8') as f:
            names.add(pep503(re.search(r'^Name: (.*)$', f.read(), re.M).group(1).strip()))
    return names


def main(debian_zip, pypi_zip):
    os.makedirs(OUT, exist_ok=True)
    sources = installed_sources()
    kept = 0
    with zipfile.ZipFile(debian_zip) as z:
        for name in z.namelist():
            record = json.loads(z.read(name))
            for a in record.get('affected', []):
                pkg = a['package']
                if pkg['ecosystem'] == 'Debian:11' and pkg['name'] in sources and affects(a.get('ranges', []), sources[pkg['name']]):
                    z.extract(name, OUT)
                    kept += 1
                    break
    wanted = python_names()
    with zipfile.ZipFile(pypi_zip) as z:
        for name in z.namelist():
            record = json.loads(z.read(name))
            if any(pep503(a['package']['name']) in wanted for a in record.get('affected', [])):
                z.extract(name, OUT)
                kept += 1
    print(f'kept {kept} records in {OUT}')


if __name__ == '__main__':
    main(*sys.argv[1:])
