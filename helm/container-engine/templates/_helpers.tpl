{{/* Chart name. */}}
{{- define "ce.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 40 | trimSuffix "-" }}
{{- end }}

{{/* Release-wide prefix, 40 characters at most so "<fullname>-notification-service" stays under 63. */}}
{{- define "ce.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ce.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of one component's objects. Args: root, component. */}}
{{- define "ce.componentName" -}}
{{- printf "%s-%s" (include "ce.fullname" .root) .component }}
{{- end }}

{{/* Labels every object carries. Args: root, component. */}}
{{- define "ce.labels" -}}
helm.sh/chart: {{ include "ce.chart" .root }}
{{ include "ce.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: container-engine
{{- end }}

{{/* Labels selecting one component's pods. Args: root, component. */}}
{{- define "ce.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ce.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The image of one component: [<registry>/]container-engine/<component>:<tag>. Args: root, component. */}}
{{- define "ce.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- $repo := printf "container-engine/%s" .component -}}
{{- with .root.Values.image.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" .) $repo }}{{ end -}}
{{- printf "%s:%s" $repo $tag }}
{{- end }}

{{/* Name of the existing Secret; fails with a clear message when none is named. */}}
{{- define "ce.existingSecret" -}}
{{- required "secrets.existingSecret is required: create a Secret holding JWT_SECRET, INTERNAL_IDENTITY_SECRET, SECRETS_KEY and DATABASE_URL and name it with --set secrets.existingSecret=<name> (this chart never stores secret values)" .Values.secrets.existingSecret }}
{{- end }}

{{/* Values every install must name; checked once, first thing, so the message is clear. */}}
{{- define "ce.validate" -}}
{{- $_ := include "ce.existingSecret" . -}}
{{- $suffix := required "domainSuffix is required: apps are served at <app>.<domainSuffix> (e.g. --set domainSuffix=apps.example.com)" .Values.domainSuffix -}}
{{- $api := required "apiHost is required: the platform API's host (e.g. --set apiHost=api.example.com)" .Values.apiHost -}}
{{- if and $api $suffix (or (eq $api $suffix) (hasSuffix (printf ".%s" $suffix) $api)) -}}
{{- fail (printf "apiHost %s must not be under domainSuffix %s: the gateway treats every <label>.%s as an app" $api $suffix $suffix) -}}
{{- end -}}
{{- if not (has .Values.apps.traffic (list "gateway" "direct")) -}}
{{- fail (printf "apps.traffic must be gateway or direct, not %v" .Values.apps.traffic) -}}
{{- end -}}
{{- $_ := required "clusterDomain is required (the cluster's DNS domain, usually cluster.local)" .Values.clusterDomain -}}
{{- end }}

{{/* http or https, as the gateway Ingress serves. */}}
{{- define "ce.scheme" -}}
{{- if and .Values.gateway.ingress.enabled .Values.gateway.ingress.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}


{{/* An env var read from the existing Secret. Args: root, name, key. */}}
{{- define "ce.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "ce.existingSecret" .root }}
      key: {{ required (printf "secrets.keys for %s must name a key of secrets.existingSecret" .name) .key }}
{{- end }}

{{/* Env shared by the five Spring services. Args: root, component, port. */}}
{{- define "ce.springEnv" -}}
- name: SERVER_PORT
  value: {{ .port | quote }}
- name: SERVER_ADDRESS
  value: "0.0.0.0"
- name: MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED
  value: "true"
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ required "kafka.bootstrapServers is required" .root.Values.kafka.bootstrapServers | quote }}
{{ include "ce.secretEnv" (dict "root" .root "name" "INTERNAL_IDENTITY_SECRET" "key" .root.Values.secrets.keys.internalIdentitySecret) }}
{{- end }}

{{/* REDIS_URL from the Secret when a key is named, else from redis.url. */}}
{{- define "ce.redisEnv" -}}
{{- if .Values.secrets.keys.redisUrl }}
{{- include "ce.secretEnv" (dict "root" . "name" "REDIS_URL" "key" .Values.secrets.keys.redisUrl) }}
{{- else }}
- name: REDIS_URL
  value: {{ required "redis.url is required (or secrets.keys.redisUrl)" .Values.redis.url | quote }}
{{- end }}
{{- end }}

{{/*
A component's Deployment and Service. Args:
  root, component, port, values (the component's values), env (YAML list text),
  health: "actuator" (Spring liveness/readiness groups) or "gateway" (GET /health),
  serviceAccountName (optional; without it no API token is mounted), volumes / volumeMounts (optional YAML text),
  podAnnotations (optional map, e.g. config checksums).
*/}}
{{- define "ce.workload" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $args := dict "root" $root "component" .component -}}
{{- $probes := $root.Values.probes -}}
{{- $live := "/health" -}}
{{- $ready := "/health" -}}
{{- if eq .health "actuator" }}{{ $live = "/actuator/health/liveness" }}{{ $ready = "/actuator/health/readiness" }}{{ end -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "ce.componentName" $args }}
  labels:
    {{- include "ce.labels" $args | nindent 4 }}
spec:
  replicas: {{ $v.replicas }}
  revisionHistoryLimit: 3
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "ce.selectorLabels" $args | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "ce.labels" $args | nindent 8 }}
      {{- $annotations := merge (dict) (.podAnnotations | default dict) ($v.podAnnotations | default dict) }}
      {{- with $annotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      {{- if .serviceAccountName }}
      serviceAccountName: {{ .serviceAccountName }}
      automountServiceAccountToken: true
      {{- else }}
      automountServiceAccountToken: false
      {{- end }}
      enableServiceLinks: false
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "ce.image" $args | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .port }}
              protocol: TCP
          env:
            - name: JAVA_TOOL_OPTIONS
              value: {{ printf "%s %s" $root.Values.jvmOptions ($v.javaOptions | default "") | trim | quote }}
            {{- .env | nindent 12 }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            httpGet:
              path: {{ $live }}
              port: http
            {{- toYaml $probes.startup | nindent 12 }}
          livenessProbe:
            httpGet:
              path: {{ $live }}
              port: http
            {{- toYaml $probes.liveness | nindent 12 }}
          readinessProbe:
            httpGet:
              path: {{ $ready }}
              port: http
            {{- toYaml $probes.readiness | nindent 12 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpSizeLimit }}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "ce.componentName" $args }}
  labels:
    {{- include "ce.labels" $args | nindent 4 }}
spec:
  type: {{ dig "service" "type" "ClusterIP" $v }}
  selector:
    {{- include "ce.selectorLabels" $args | nindent 4 }}
  ports:
    - name: http
      port: {{ .port }}
      targetPort: http
      protocol: TCP
{{- end }}

{{/* Port of a component (architecture.md). Arg: the component name. */}}
{{- define "ce.port" -}}
{{- get (dict "gateway" "3000" "auth-service" "8081" "apikey-service" "8082" "deployment-service" "8083" "provisioner-worker" "8084" "notification-service" "8085") . }}
{{- end }}

{{/* In-cluster base URL of a component. Args: root, component. */}}
{{- define "ce.url" -}}
{{- printf "http://%s:%s" (include "ce.componentName" .) (include "ce.port" .component) }}
{{- end }}
