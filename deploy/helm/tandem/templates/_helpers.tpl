{{- define "tandem.name" -}}{{ .Chart.Name }}{{- end -}}

{{- define "tandem.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "tandem.labels" -}}
app.kubernetes.io/name: {{ include "tandem.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "tandem.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tandem.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tandem.secretName" -}}
{{- if .Values.existingSecret -}}{{ .Values.existingSecret }}{{- else -}}{{ include "tandem.fullname" . }}{{- end -}}
{{- end -}}

{{/* The environment every Tandem container gets: the README's variables, secrets from the Secret. */}}
{{- define "tandem.env" -}}
- name: TANDEM_HOME
  value: /var/lib/tandem
- name: TANDEM_DB_URL
  value: {{ required "database.url is required" .Values.database.url | quote }}
- name: TANDEM_DB_USER
  value: {{ .Values.database.user | quote }}
- name: TANDEM_DB_OWNER_USER
  value: {{ .Values.database.ownerUser | quote }}
- name: TANDEM_PUBLIC_URL
  value: {{ .Values.publicUrl | quote }}
- name: TANDEM_OPERATOR_EMAILS
  value: {{ .Values.operatorEmails | quote }}
- name: TANDEM_TRUSTED_PROXIES
  value: {{ .Values.trustedProxies | quote }}
- name: TANDEM_OUTBOUND_ALLOWLIST
  value: {{ .Values.outboundAllowlist | quote }}
- name: TANDEM_IDENTITY_MODE
  value: {{ if .Values.keycloak.enabled }}keycloak{{ else }}local{{ end }}
{{- if .Values.keycloak.enabled }}
- name: TANDEM_KEYCLOAK_URL
  value: {{ .Values.keycloak.url | quote }}
- name: TANDEM_KEYCLOAK_REALM
  value: {{ .Values.keycloak.realm | quote }}
- name: TANDEM_KEYCLOAK_CLIENT_ID
  value: {{ .Values.keycloak.clientId | quote }}
- name: TANDEM_KEYCLOAK_ADMIN_REALM
  value: {{ .Values.keycloak.adminRealm | quote }}
- name: TANDEM_KEYCLOAK_ADMIN_USER
  value: {{ .Values.keycloak.adminUser | quote }}
{{- end }}
{{- if .Values.smtp.host }}
- name: TANDEM_SMTP_HOST
  value: {{ .Values.smtp.host | quote }}
- name: TANDEM_SMTP_PORT
  value: {{ .Values.smtp.port | quote }}
- name: TANDEM_SMTP_USER
  value: {{ .Values.smtp.user | quote }}
- name: TANDEM_SMTP_STARTTLS
  value: {{ .Values.smtp.starttls | quote }}
- name: TANDEM_MAIL_FROM
  value: {{ .Values.smtp.from | quote }}
{{- end }}
{{- range $key := list "TANDEM_DB_PASSWORD" "TANDEM_DB_OWNER_PASSWORD" "TANDEM_JWT_SECRET" "TANDEM_SECRET_KEY" "TANDEM_KEYCLOAK_CLIENT_SECRET" "TANDEM_KEYCLOAK_ADMIN_PASSWORD" "TANDEM_SMTP_PASSWORD" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "tandem.secretName" $ }}
      key: {{ $key }}
      optional: {{ has $key (list "TANDEM_SMTP_PASSWORD" "TANDEM_KEYCLOAK_CLIENT_SECRET" "TANDEM_KEYCLOAK_ADMIN_PASSWORD") }}
{{- end }}
{{- end -}}
