"""Writes an nginx.conf that serves one saved response body with the headers Backwise sent
with it, so the two servers put the same bytes on the wire. bench/run.sh runs it:

    python3 nginx_conf.py HEADERS_FILE CONF PREFIX PORT LOCATION BODY
"""

import sys
headers_file, conf, prefix, port, location, body = sys.argv[1:]
skip = {"date", "content-length", "connection", "keep-alive", "transfer-encoding", "server"}
content_type = None
add = []
for line in open(headers_file, encoding="latin-1").read().splitlines()[1:]:
    if not line.strip() or ":" not in line:
        continue
    name, value = line.split(":", 1)
    name, value = name.strip(), value.strip()
    if name.lower() in skip:
        continue
    if "$" in value:
        sys.exit(f"bench: header {name} contains '$', which nginx would read as a variable")
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if name.lower() == "content-type":
        content_type = quoted
    else:
        add.append(f"            add_header {name} {quoted} always;")
if content_type is None:
    sys.exit("bench: the article response had no Content-Type")
add_headers = "\n".join(add)
open(conf, "w").write(f"""daemon off;
master_process on;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    server_tokens off;
    etag off;
    max_ranges 0;
    open_file_cache max=16 inactive=60s;
    open_file_cache_valid 60s;
    server {{
        listen 127.0.0.1:{port};
        location = /healthz {{ return 200 "ok"; }}
        location = {location} {{
            types {{ }}
            default_type {content_type};
            alias {body};
            add_header Last-Modified "";
{add_headers}
        }}
    }}
}}
""")
