"""A client in another language: signs in to the XML gateway with the demo credentials and counts the vendors.

Run by examples/with-ledgerq.sh, which sets LEDGERQ_XML_ENDPOINT:
    examples/with-ledgerq.sh -- python3 examples/query-vendors.py
"""
import os
import re
import urllib.request

REQUEST = """<?xml version="1.0" encoding="UTF-8"?>
<request><control><senderid>ledgerq</senderid><password>ledgerq</password><controlid>example</controlid>
<uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>
<operation><authentication><login><userid>admin</userid><companyid>demo</companyid><password>admin</password></login>
</authentication><content><function controlid="vendors"><readByQuery><object>VENDOR</object><fields>VENDORID</fields>
<query></query><pagesize>1</pagesize></readByQuery></function></content></operation></request>"""

req = urllib.request.Request(
    os.environ["LEDGERQ_XML_ENDPOINT"], data=REQUEST.encode(), headers={"Content-Type": "application/xml"}
)
body = urllib.request.urlopen(req).read().decode()
match = re.search(r'totalcount="(\d+)"', body)
if not match:
    raise SystemExit(f"unexpected answer: {body[:500]}")
print(f"vendors: {match.group(1)}")
